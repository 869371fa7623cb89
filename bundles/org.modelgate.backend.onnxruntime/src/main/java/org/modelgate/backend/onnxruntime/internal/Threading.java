package org.modelgate.backend.onnxruntime.internal;

/**
 * Where the backend's ONNX Runtime sessions get their worker threads.
 *
 * <p>With several models loaded, per-session pools compete: the idle workers of the model that just
 * served keep spinning on the cores the next model needs. Shared pools serve every model with the
 * same workers, so traffic moving between models costs nothing extra (docs/benchmarks.md, section 8).
 */
public enum Threading {
    /**
     * The default: every session runs on ONNX Runtime's process-wide pools, sized by the backend's
     * {@code intraOpThreads}, {@code interOpThreads} and {@code allowSpinning} when the ONNX Runtime
     * environment is created (once per process); a model's own thread options are ignored.
     */
    GLOBAL,
    /** Every session gets pools of its own, sized by the configuration or the model's options. */
    PER_SESSION;

    /**
     * Reads the threading from the backend's configuration.
     *
     * @param config the configuration
     * @return the threading
     * @throws IllegalArgumentException naming the valid values when the configured one is none of them
     */
    static Threading of(OnnxRuntimeBackend.Config config) {
        Threading threading;
        try {
            threading = config.threading();
        } catch (RuntimeException e) { // SCR converts the configured text only when the method is called
            throw invalid(e.getMessage(), e);
        }
        if (threading == null) {
            throw invalid("no value", null);
        }
        return threading;
    }

    private static IllegalArgumentException invalid(String problem, Throwable cause) {
        return new IllegalArgumentException("threading: " + problem + "; expected " + GLOBAL + " or " + PER_SESSION,
                cause);
    }
}
