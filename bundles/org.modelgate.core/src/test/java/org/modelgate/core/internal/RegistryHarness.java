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
        return new RegistryConfig() {
            @Override
            public int loadTimeoutSeconds() {
                return loadTimeoutSeconds;
            }

            @Override
            public long diskQuotaMB() {
                return diskQuotaMB;
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
