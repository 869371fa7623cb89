package org.modelgate.host.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.modelgate.host.HostNotUsableException;
import org.modelgate.api.Tensor;
import org.modelgate.host.HostOptions;
import org.modelgate.host.HostedModel;
import org.modelgate.host.ModelHosts;
import org.modelgate.spi.InferenceBackend;
import org.modelgate.spi.ModelArtifact;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Starts model host processes ({@link ModelHosts}): a plain JVM per model from the jars of its backend's bundle
 * and the bundles it is wired to; requests over a Unix domain socket, tensors in shared memory. Every host ends
 * when this component deactivates (and by itself when the gateway's process ends).
 */
@Component(service = ModelHosts.class, configurationPid = ModelHostsService.PID)
@Designate(ocd = ModelHostsService.Config.class)
public final class ModelHostsService implements ModelHosts {
    /** The configuration PID. */
    public static final String PID = "org.modelgate.host";

    /** How model host processes are run. */
    @ObjectClassDefinition(name = "Modelgate model hosts",
            description = "Model host processes for sandboxed trials and isolation=process models: JVM options, shared "
                    + "memory, folders and the start timeout.")
    public @interface Config {
        /**
         * JVM options of each host.
         *
         * @return e.g. {@code -Xmx256m}
         */
        @AttributeDefinition(name = "JVM options",
                description = "Options of each host's JVM, e.g. -Xmx256m. The gateway adds -XX:ErrorFile, the class path "
                        + "and the native library path.")
        String[] jvmOptions() default {"-XX:+UseSerialGC", "-Xss512k"};

        /**
         * Connections per host.
         *
         * @return requests one host runs at once
         */
        @AttributeDefinition(name = "Lanes", min = "1",
                description = "Connections per host, each with its own shared memory: requests one model runs at once.")
        int lanes() default 2;

        /**
         * Shared memory of a lane at start.
         *
         * @return KiB
         */
        @AttributeDefinition(name = "Shared memory at start (KiB)", min = "4")
        int sharedMemoryInitialKiB() default 1024;

        /**
         * The most a lane's shared memory grows to.
         *
         * @return MiB; a request with larger tensors fails with a clear error
         */
        @AttributeDefinition(name = "Shared memory limit (MiB)", min = "1",
                description = "A lane's shared memory grows (doubling) up to this; a request whose inputs or outputs "
                        + "need more fails, naming this setting.")
        int sharedMemoryMaxMiB() default 256;

        /**
         * Where sockets are bound while a host connects.
         *
         * @return a folder; empty for a folder of this gateway under the temp folder
         */
        @AttributeDefinition(name = "Runtime folder",
                description = "Where hosts' sockets are bound while they connect (a short path: Unix sockets allow about "
                        + "100 characters). Empty: modelgate-host-<pid> in java.io.tmpdir.")
        String runtimeFolder() default "";

        /**
         * Where the lanes' shared memory files are made.
         *
         * @return a folder; empty for /dev/shm where it exists, else the runtime folder
         */
        @AttributeDefinition(name = "Shared memory folder",
                description = "Where each lane's memory-mapped file is created (and unlinked once both sides mapped "
                        + "it). Empty: /dev/shm when writable, else the runtime folder.")
        String sharedMemoryFolder() default "";

        /**
         * Where hosts' JVMs write fatal error reports.
         *
         * @return a folder; empty for data/crash/hosts in the distribution, else the bundle's data area
         */
        @AttributeDefinition(name = "Crash report folder",
                description = "Where a host's JVM writes its fatal error report (-XX:ErrorFile); the gateway reads it to "
                        + "say why a host died. Empty: ${modelgate.home}/data/crash/hosts.")
        String crashReportFolder() default "";

        /**
         * How long a host may take to start and connect.
         *
         * @return seconds
         */
        @AttributeDefinition(name = "Start timeout (s)", min = "1")
        int startTimeoutSeconds() default 60;

        /**
         * How long a waiting side spins before it sleeps.
         *
         * @return microseconds; 0 (the default) never spins
         */
        @AttributeDefinition(name = "Spin (µs)", min = "0",
                description = "How long the gateway spins on a lane's shared memory for a host's answer, and a host for the "
                        + "next request, before the thread sleeps in the socket; the sender rings the socket only for a "
                        + "sleeper. Saves the thread wake-ups per request where cores are idle; on a busy 2-core machine "
                        + "the spinning side takes the CPU the other needs (docs/benchmarks.md). 0: never spins.")
        int spinMicros() default 0;

        /**
         * The CPUs a host may run on.
         *
         * @return a CPU list as {@code taskset -c} takes it ("1", "0,2-3"); empty for the gateway's own
         */
        @AttributeDefinition(name = "CPU affinity",
                description = "The CPUs each model host may run on, as taskset -c takes them (\"1\", \"0,2-3\"); the host "
                        + "starts under taskset (util-linux), which must be installed. Empty: the gateway's own CPUs "
                        + "(inherited).")
        String cpuAffinity() default "";
    }

    private static final System.Logger LOG = System.getLogger(ModelHostsService.class.getName());
    private final BundleContext context;
    private final List<String> jvmOptions;
    private final HostSettings settings;
    private final Path crashFolder;
    private final Path ownFolder;
    private final Watchdog watchdog = new Watchdog();
    private final Set<ProcessHostedModel> open = ConcurrentHashMap.newKeySet();

    /**
     * Takes the configuration.
     *
     * @param config the settings
     * @param context this bundle's context
     */
    @Activate
    public ModelHostsService(Config config, BundleContext context) {
        this.context = context;
        this.jvmOptions = List.copyOf(Arrays.asList(config.jvmOptions()));
        long pid = ProcessHandle.current().pid();
        Path runtime = config.runtimeFolder().isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "modelgate-host-" + pid) : Path.of(config.runtimeFolder());
        this.ownFolder = config.runtimeFolder().isBlank() ? runtime : null;
        Path devShm = Path.of("/dev/shm");
        Path shared = !config.sharedMemoryFolder().isBlank() ? Path.of(config.sharedMemoryFolder())
                : Files.isDirectory(devShm) && Files.isWritable(devShm) ? devShm.resolve("modelgate-host-" + pid) : runtime;
        this.settings = new HostSettings(runtime, shared, Math.max(1, config.lanes()),
                Math.max(4, config.sharedMemoryInitialKiB()) * 1024L, Math.max(1, config.sharedMemoryMaxMiB()) * 1024L * 1024L,
                Math.max(1, config.startTimeoutSeconds()) * 1000L, Math.max(0, config.spinMicros()) * 1000L,
                new java.util.concurrent.atomic.AtomicLong(), config.cpuAffinity());
        String home = context.getProperty("modelgate.home");
        this.crashFolder = !config.crashReportFolder().isBlank() ? Path.of(config.crashReportFolder())
                : home != null ? Path.of(home, "data", "crash", "hosts") : context.getDataFile("crash").toPath();
    }

    /** Ends every host. */
    @Deactivate
    void deactivate() {
        for (ProcessHostedModel model : open) {
            model.close();
        }
        watchdog.close();
        delete(ownFolder);
        if (!settings.sharedMemoryFolder().equals(settings.runtimeFolder())
                && settings.sharedMemoryFolder().getFileName().toString().startsWith("modelgate-host-")) {
            delete(settings.sharedMemoryFolder());
        }
    }

    @Override
    public HostedModel load(InferenceBackend backend, Map<String, Object> backendProperties, ModelArtifact artifact,
            HostOptions options) {
        Bundle bundle = FrameworkUtil.getBundle(backend.getClass());
        if (bundle == null) {
            throw new HostNotUsableException("model '" + artifact.name() + "' " + artifact.version() + ": backend "
                    + backend.getClass().getName() + " does not come from a bundle, so no model host can run it");
        }
        BundleClasspath classpath = BundleClasspath.of(bundle,
                List.of(context.getBundle(), FrameworkUtil.getBundle(Tensor.class), FrameworkUtil.getBundle(ModelArtifact.class)),
                context, context.getDataFile("extracted").toPath());
        Object component = backendProperties.get("component.name");
        HostCommand command = new HostCommand(HostCommand.currentJava(), jvmOptions, classpath.classpath(),
                classpath.nativeFolders(), crashFolder, HostMain.class.getName(), classpath.backendJar(),
                component == null ? null : component.toString(), backend.getClass().getName());
        ProcessHostedModel[] created = new ProcessHostedModel[1];
        ProcessHostedModel model = ProcessHostedModel.start(command, settings, backendProperties, artifact, options, watchdog,
                () -> open.remove(created[0]));
        created[0] = model;
        open.add(model);
        LOG.log(System.Logger.Level.INFO, () -> "model '" + artifact.name() + "' " + artifact.version() + " runs in model host pid "
                + model.pid() + (options.restart() ? "" : " (trial)"));
        return model;
    }

    private static void delete(Path folder) {
        if (folder == null || !Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind: harmless
        }
    }
}
