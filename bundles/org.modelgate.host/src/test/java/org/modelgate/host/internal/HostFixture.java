package org.modelgate.host.internal;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.modelgate.host.HostListener;
import org.modelgate.host.HostOptions;
import org.modelgate.spi.ModelArtifact;

/** Starts real host processes on this test's class path, with {@link EchoBackend} as their backend. */
final class HostFixture implements AutoCloseable {
    final Path folder;
    final Watchdog watchdog = new Watchdog();
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<ProcessHostedModel> models = new ArrayList<>();
    HostSettings settings;
    HostCommand command;

    final long spinNanos;

    HostFixture(Path folder) {
        this(folder, 0);
    }

    /** Hosts whose lanes spin {@code spinNanos} before they sleep (0: they never spin). */
    HostFixture(Path folder, long spinNanos) {
        this.folder = folder;
        this.spinNanos = spinNanos;
        this.settings = settings(2, 4096, 1024 * 1024);
        this.command = new HostCommand(HostCommand.currentJava(),
                List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"), classpath(), List.of(),
                folder.resolve("crash"), HostMain.class.getName(), testClasses(), "echo", EchoBackend.class.getName());
    }

    /** Settings with this fixture's spin. */
    HostSettings settings(int lanes, long sharedMemoryInitial, long sharedMemoryLimit) {
        return new HostSettings(folder.resolve("run"), folder.resolve("shm"), lanes, sharedMemoryInitial, sharedMemoryLimit,
                30_000, spinNanos, new java.util.concurrent.atomic.AtomicLong());
    }

    private static List<Path> classpath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of).toList();
    }

    private static Path testClasses() {
        try {
            return Path.of(EchoBackend.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    HostListener listener() {
        return new HostListener() {
            @Override
            public void died(String reason) {
                events.add("died: " + reason);
            }

            @Override
            public void restarted(int restarts) {
                events.add("restarted " + restarts);
            }

            @Override
            public void gaveUp(String reason) {
                events.add("gave up: " + reason);
            }
        };
    }

    HostOptions serving(long timeoutMillis) {
        return new HostOptions(true, 3, 300, timeoutMillis, listener());
    }

    ProcessHostedModel load(HostOptions options) {
        return load(options, Map.of("output.name", "y"), null);
    }

    ProcessHostedModel load(HostOptions options, Map<String, Object> properties, java.nio.ByteBuffer content) {
        ModelArtifact artifact = new ModelArtifact("echo", "1.0.0", "echo", folder.resolve("no-such-file.echo"), Map.of(),
                content);
        ProcessHostedModel model = ProcessHostedModel.start(command, settings, properties, artifact, options, watchdog, () -> {
        });
        models.add(model);
        return model;
    }

    static <T> T await(String what, long millis, Supplier<T> condition) {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            T value = condition.get();
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted awaiting " + what);
            }
        }
        throw new AssertionError("timed out after " + millis + " ms awaiting " + what);
    }

    @Override
    public void close() {
        models.forEach(ProcessHostedModel::close);
        watchdog.close();
    }
}
