package org.modelgate.backend.djl.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import ai.djl.engine.Engine;

/**
 * Starts DJL the way an OSGi gateway needs it: offline, with its cache in the gateway's data folder, and with
 * engine discovery (Java's ServiceLoader, through the thread context class loader) pointed at this bundle's class
 * path, where the OnnxRuntime engine is embedded and the PyTorch fragment, when attached, adds its jars.
 *
 * <p>DJL reads its settings from environment variables first, then from system properties; a gateway can only set
 * the properties, so an environment variable that would let DJL download anything makes the start fail.
 */
final class DjlRuntime {
    /** DJL's settings this backend sets as system properties before DJL's Engine class is first touched. */
    static final String OFFLINE = "ai.djl.offline";
    static final String CACHE_DIR = "DJL_CACHE_DIR";
    static final String ENGINE_CACHE_DIR = "ENGINE_CACHE_DIR";

    private static final Map<String, String> FIXED = Map.of(
            OFFLINE, "true",
            "OPT_OUT_TRACKING", "true",
            "ai.djl.default_engine", Engines.ONNX.engineName(),
            // otherwise every ONNX model's NDManager starts the PyTorch engine (loading libtorch) as a fallback
            "ai.djl.onnx.disable_alternative", "true");

    private DjlRuntime() {
    }

    /**
     * Configures DJL and finds its engines.
     *
     * @param cacheDir where DJL may write (PyTorch's natives are extracted there once)
     * @param pytorchThreads intra-op threads of the PyTorch engine, 0 for its default
     * @return the engines present
     * @throws IllegalStateException when the environment would let DJL go online, or no OnnxRuntime engine is found
     */
    static Set<Engines> start(Path cacheDir, int pytorchThreads) {
        for (String variable : new String[] {"DJL_OFFLINE", "OFFLINE"}) {
            String value = System.getenv(variable);
            if (value != null && !Boolean.parseBoolean(value)) {
                throw new IllegalStateException("the environment variable " + variable + "=" + value
                        + " would let DJL download models and natives; the gateway runs it offline: unset it");
            }
        }
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create DJL's cache folder " + cacheDir + ": " + e.getMessage(), e);
        }
        FIXED.forEach(System::setProperty);
        System.setProperty(CACHE_DIR, cacheDir.toAbsolutePath().toString());
        System.setProperty(ENGINE_CACHE_DIR, cacheDir.toAbsolutePath().toString());
        if (pytorchThreads > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(pytorchThreads));
        }
        Set<String> names = withBundleLoader(() -> Set.copyOf(Engine.getAllEngines()));
        Set<Engines> found = EnumSet.noneOf(Engines.class);
        for (Engines engine : Engines.values()) {
            if (names.contains(engine.engineName())) {
                found.add(engine);
            }
        }
        if (!found.contains(Engines.ONNX)) {
            throw new IllegalStateException("DJL found no OnnxRuntime engine (engines found: " + names + ")");
        }
        return found;
    }

    /** DJL's version, e.g. {@code 0.36.0}. */
    static String version() {
        return Engine.getDjlVersion();
    }

    /**
     * Runs DJL code with this bundle's class loader as the thread context class loader: DJL looks up engines,
     * natives and properties files through it.
     *
     * @param <T> the result type
     * @param work the code
     * @return its result
     */
    static <T> T withBundleLoader(Callable<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(DjlRuntime.class.getClassLoader());
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
