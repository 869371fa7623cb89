package org.modelgate.host.internal;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.modelgate.host.HostOptions;
import org.modelgate.host.HostedModel;
import org.modelgate.host.ModelHosts;
import org.modelgate.spi.InferenceBackend;
import org.modelgate.spi.ModelArtifact;

/**
 * {@link ModelHosts} for a benchmark outside OSGi: hosts run on this JVM's class path, the backend's component
 * description comes from the jar of its class. Same processes, protocol and supervision as in the gateway; only
 * the class path is found differently. {@code -Dhost.spinMicros} sets the spin (default as in the gateway),
 * {@code -Dhost.cpuAffinity} the hosts' CPUs (taskset -c; default: inherited). (In this package to reach the host's package-private classes; not shipped.)
 */
public final class PlainJvmModelHosts implements ModelHosts, AutoCloseable {
    private final Watchdog watchdog = new Watchdog();
    private final HostSettings settings;
    private final Path crashFolder;
    private final List<String> jvmOptions;

    /**
     * Hosts with the gateway's default settings.
     *
     * @param folder runtime, shared memory and crash report folders go here
     * @param jvmOptions the hosts' JVM options
     */
    public PlainJvmModelHosts(Path folder, List<String> jvmOptions) {
        this.settings = new HostSettings(folder.resolve("run"), folder.resolve("shm"), 2, 1024 * 1024, 256L * 1024 * 1024,
                60_000, Long.getLong("host.spinMicros", HostSettings.DEFAULT_SPIN_MICROS) * 1000,
                new java.util.concurrent.atomic.AtomicLong(), System.getProperty("host.cpuAffinity", ""));
        this.crashFolder = folder.resolve("crash");
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    @Override
    public HostedModel load(InferenceBackend backend, Map<String, Object> backendProperties, ModelArtifact artifact,
            HostOptions options) {
        Path jar;
        try {
            jar = Path.of(backend.getClass().getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Path> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
                .toList();
        Object component = backendProperties.get("component.name");
        HostCommand command = new HostCommand(HostCommand.currentJava(), jvmOptions, classpath, List.of(), crashFolder,
                HostMain.class.getName(), jar, component == null ? null : component.toString(), backend.getClass().getName());
        return ProcessHostedModel.start(command, settings, backendProperties, artifact, options, watchdog, () -> {
        });
    }

    @Override
    public void close() {
        watchdog.close();
    }
}
