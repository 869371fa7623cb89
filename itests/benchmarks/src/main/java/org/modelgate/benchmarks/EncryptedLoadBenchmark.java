package org.modelgate.benchmarks;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.modelgate.backend.onnxruntime.internal.OnnxRuntimeBackend;
import org.modelgate.core.internal.ModelRegistryService;
import org.modelgate.security.internal.TrustedModels;
import org.modelgate.security.keys.internal.FileKeyProvider;

/**
 * What encryption at rest costs a load: the same signed model installed plain and installed encrypted,
 * loaded again and again in alternation (unload, then load: plain = verify the file's sha256 + ONNX Runtime
 * session from the file; encrypted = decrypt into a direct buffer + verify those bytes + session from the
 * buffer), in one registry with the real trust store and file key provider; and the decryption alone.
 */
final class EncryptedLoadBenchmark {
    private static final String PLAIN = "minilm-fp32";
    private static final String ENCRYPTED = "minilm-fp32-encrypted";

    private final int loads;

    EncryptedLoadBenchmark(int loads) {
        this.loads = loads;
    }

    String run(Path work) throws Exception {
        Path home = work.resolve("encrypted-load");
        Path repository = home.resolve("models");
        Path plain = MiniLm.install(repository, PLAIN, MiniLm.FP32, InProcessBenchmark.THREADS_1).getParent();
        Path staged = MiniLm.install(home.resolve("staging"), ENCRYPTED, MiniLm.FP32, InProcessBenchmark.THREADS_1).getParent();
        BenchSigner.signInto(home, plain);
        BenchSigner.signInto(home, staged);

        ModelRegistryService registry = new ModelRegistryService();
        Components.bind(registry, "addBackend", Components.construct(OnnxRuntimeBackend.class, Map.of()), Map.of("service.id", 1L));
        bind(registry, "setModelTrust", Components.construct(TrustedModels.class, Map.of("trustStore", home.resolve("etc/trust").toString())));
        FileKeyProvider keys = new FileKeyProvider(home.resolve("etc/keys/device.key"));
        bind(registry, "setKeyProvider", keys);
        Components.activate(registry, Map.of("repository", repository.toString(), "autoload", false));
        long start = System.nanoTime();
        registry.install(staged);
        double installMs = (System.nanoTime() - start) / 1e6;
        Path encrypted = repository.resolve(ENCRYPTED).resolve("1.0.0").resolve("model.onnx");
        Decryption decryption = new Decryption(encrypted, keys);

        LatencySamples[] samples = Interleaved.run(1, loads, 1,
                () -> reload(registry, PLAIN),
                () -> reload(registry, ENCRYPTED),
                decryption::decryptAndDiscard);
        double p = samples[0].percentileMillis(50);
        double e = samples[1].percentileMillis(50);
        return String.format(Locale.ROOT, "| workload (%d loads per side) | plain load p50 ms | encrypted load p50 ms | difference "
                + "| of which decryption alone, p50 ms | min plain / encrypted | max plain / encrypted |%n|---|---|---|---|---|---|---|%n"
                + "| MiniLM fp32 (%d MB): unload, verify, load | %.0f | %.0f | %+.0f ms (x%.2f) | %.0f | %.0f / %.0f | %.0f / %.0f |%n%n"
                + "Install of the encrypted version (verify + encrypt + fsync): %.0f ms. Heap max %d MiB; direct memory in use "
                + "after the run: %d MiB.%n",
                loads, Files.size(plain.resolve("model.onnx")) >> 20, p, e, e - p, e / p, samples[2].percentileMillis(50),
                samples[0].percentileMillis(0), samples[1].percentileMillis(0), samples[0].percentileMillis(100),
                samples[1].percentileMillis(100), installMs, Runtime.getRuntime().maxMemory() >> 20, directMemory() >> 20);
    }

    /** The core's decryption alone (package-private there, reached by reflection): decrypt, then wipe and free. */
    private static final class Decryption {
        private final Path file;
        private final Object keys;
        private final Method decrypt;
        private final Method discard;

        Decryption(Path file, Object keys) throws Exception {
            this.file = file;
            this.keys = keys;
            Class<?> type = Class.forName("org.modelgate.core.internal.EncryptedModelFile");
            decrypt = type.getDeclaredMethod("decrypt", Path.class, org.modelgate.spi.KeyProvider.class);
            discard = type.getDeclaredMethod("discard", java.nio.ByteBuffer.class);
            decrypt.setAccessible(true);
            discard.setAccessible(true);
        }

        void decryptAndDiscard() throws Exception {
            discard.invoke(null, decrypt.invoke(null, file, keys));
        }
    }

    private static void reload(ModelRegistryService registry, String model) {
        registry.unload(model);
        registry.load(model);
    }

    /** Calls a one-argument DS bind method such as setKeyProvider(service). */
    private static void bind(Object component, String method, Object service) throws Exception {
        for (Method m : component.getClass().getDeclaredMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == 1) {
                m.setAccessible(true);
                m.invoke(component, service);
                return;
            }
        }
        throw new IllegalArgumentException(component.getClass() + " has no bind method " + method);
    }

    private static long directMemory() {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                return pool.getMemoryUsed();
            }
        }
        return -1;
    }
}
