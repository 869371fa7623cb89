package org.modelgate.core.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.Tensor;

/** Starts the registry component the way SCR does (config in, backends bound) and drives it. */
final class RegistryHarness {
    final ModelRegistryService registry = new ModelRegistryService();

    RegistryHarness start(Path repository, boolean autoload) {
        registry.activate(config(repository, autoload));
        return this;
    }

    RegistryHarness start(Path repository, EncryptAtRest encryptAtRest) {
        registry.activate(config(repository, true, false, encryptAtRest));
        return this;
    }

    RegistryHarness startRequiringSignatures(Path repository) {
        registry.activate(config(repository, true, true));
        return this;
    }

    /** Starts with the given device type (setting deviceType), everything else by default. */
    RegistryHarness startAsDeviceType(Path repository, String deviceType) {
        RegistryConfig base = config(repository, true);
        registry.activate((RegistryConfig) java.lang.reflect.Proxy.newProxyInstance(RegistryConfig.class.getClassLoader(),
                new Class<?>[] { RegistryConfig.class },
                (proxy, method, args) -> method.getName().equals("deviceType") ? deviceType : method.invoke(base, args)));
        return this;
    }

    void bind(AffineBackend backend) {
        registry.addBackend(backend, Map.of("service.id", 1L));
    }

    void bind(AffineBackend backend, long serviceId, int ranking) {
        registry.addBackend(backend, Map.of("service.id", serviceId, "service.ranking", ranking));
    }

    void unbind(AffineBackend backend, long serviceId) {
        registry.removeBackend(backend, Map.of("service.id", serviceId));
    }

    /** Unbinds as SCR may when the backend's bundle is already going: by service id, without the object. */
    void unbindGoneService() {
        registry.removeBackend(null, Map.of("service.id", 1L));
    }

    ModelInfo awaitModel(String name, Predicate<ModelInfo> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        ModelInfo info = registry.model(name).orElseThrow();
        while (!condition.test(info)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("model " + name + " never reached the expected state; last: " + info);
            }
            Thread.onSpinWait();
            info = registry.model(name).orElseThrow();
        }
        return info;
    }

    InferenceResponse infer(String model, float... x) {
        return registry.infer(model, InferenceRequest.of(Tensor.ofFloats("x", new long[] { x.length / 2, 2 }, x)));
    }

    void stop() {
        registry.deactivate();
    }

    static RegistryConfig config(Path repository, boolean autoload) {
        return config(repository, autoload, false);
    }

    static RegistryConfig config(Path repository, boolean autoload, boolean requireSignatures) {
        return config(repository, autoload, requireSignatures, EncryptAtRest.AUTO);
    }

    RegistryHarness startWithQuota(Path repository, long diskQuotaMB) {
        registry.activate(config(repository, true, false, EncryptAtRest.AUTO, diskQuotaMB));
        return this;
    }

    static RegistryConfig config(Path repository, boolean autoload, boolean requireSignatures, EncryptAtRest encryptAtRest) {
        return config(repository, autoload, requireSignatures, encryptAtRest, 0);
    }

    static RegistryConfig config(Path repository, boolean autoload, boolean requireSignatures, EncryptAtRest encryptAtRest,
            long diskQuotaMB) {
        return config(repository, autoload, requireSignatures, encryptAtRest, diskQuotaMB, 30);
    }

    RegistryHarness startWithLoadTimeout(Path repository, int loadTimeoutSeconds) {
        registry.activate(config(repository, true, false, EncryptAtRest.AUTO, 0, loadTimeoutSeconds));
        return this;
    }

    static RegistryConfig config(Path repository, boolean autoload, boolean requireSignatures, EncryptAtRest encryptAtRest,
            long diskQuotaMB, int loadTimeoutSeconds) {
        return config(repository, autoload, requireSignatures, encryptAtRest, diskQuotaMB, loadTimeoutSeconds, true, "in-process");
    }

    /**
     * With the sandbox and isolation settings. Crash reports and the record of unclean ends go to a folder of their
     * own for each repository ({@link #crashFolder}), so the unclean ends of one test never reach another.
     */
    static RegistryConfig config(Path repository, boolean sandboxTrials, String isolation) {
        return config(repository, true, false, EncryptAtRest.AUTO, 0, 30, sandboxTrials, isolation);
    }

    /** The crash report folder of a repository: a temporary folder of its own, removed when the JVM ends. */
    static Path crashFolder(Path repository) {
        return CRASH_FOLDERS.computeIfAbsent(repository.toAbsolutePath().normalize(), r -> {
            try {
                Path folder = java.nio.file.Files.createTempDirectory("modelgate-crash");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(folder)));
                return folder;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static final Map<Path, Path> CRASH_FOLDERS = new java.util.concurrent.ConcurrentHashMap<>();

    private static void deleteQuietly(Path folder) {
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(folder)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | RuntimeException e) {
            // a temporary folder: the system cleans it eventually
        }
    }

    static RegistryConfig config(Path repository, boolean autoload, boolean requireSignatures, EncryptAtRest encryptAtRest,
            long diskQuotaMB, int loadTimeoutSeconds, boolean sandboxTrials, String isolation) {
        return config(repository, autoload, requireSignatures, encryptAtRest, diskQuotaMB, loadTimeoutSeconds, sandboxTrials,
                isolation, 2, 600);
    }

    /** With the safe mode settings. */
    static RegistryConfig config(Path repository, int safeModeCrashes, int safeModeWindowSeconds) {
        return config(repository, true, false, EncryptAtRest.AUTO, 0, 30, true, "in-process", safeModeCrashes,
                safeModeWindowSeconds);
    }

    static RegistryConfig config(Path repository, boolean autoload, boolean requireSignatures, EncryptAtRest encryptAtRest,
            long diskQuotaMB, int loadTimeoutSeconds, boolean sandboxTrials, String isolation, int safeModeCrashes,
            int safeModeWindowSeconds) {
        return new RegistryConfig() {
            @Override
            public int safeModeCrashes() {
                return safeModeCrashes;
            }

            @Override
            public int safeModeWindowSeconds() {
                return safeModeWindowSeconds;
            }

            @Override
            public boolean sandboxTrials() {
                return sandboxTrials;
            }

            @Override
            public String isolation() {
                return isolation;
            }

            @Override
            public String crashReports() {
                return crashFolder(repository).toString();
            }

            @Override
            public int loadTimeoutSeconds() {
                return loadTimeoutSeconds;
            }

            @Override
            public long diskQuotaMB() {
                return diskQuotaMB;
            }

            @Override
            public String deviceType() {
                return "";
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return RegistryConfig.class;
            }

            @Override
            public String repository() {
                return repository.toString();
            }

            @Override
            public boolean autoload() {
                return autoload;
            }

            @Override
            public int drainTimeoutSeconds() {
                return 5;
            }

            @Override
            public int keepVersions() {
                return 3;
            }

            @Override
            public boolean requireSignatures() {
                return requireSignatures;
            }

            @Override
            public EncryptAtRest encryptAtRest() {
                return encryptAtRest;
            }
        };
    }
}
