package org.modelgate.backend.onnxruntime.internal;

import java.util.Locale;

import ai.onnxruntime.OrtEnvironment.ThreadingOptions;
import ai.onnxruntime.OrtException;

/**
 * The sizes of ONNX Runtime's process-wide thread pools, fixed when its environment is created.
 *
 * @param intraOpThreads threads one operator may use; 0 lets ONNX Runtime choose (one per physical core)
 * @param interOpThreads threads running independent operators in parallel; 0 lets ONNX Runtime choose
 * @param allowSpinning whether idle workers spin waiting for work
 */
record GlobalPools(int intraOpThreads, int interOpThreads, boolean allowSpinning) {

    /**
     * Takes the pool settings from the backend's configuration.
     *
     * @param config the configuration
     * @return the pools it asks for
     */
    static GlobalPools of(OnnxRuntimeBackend.Config config) {
        return new GlobalPools(config.intraOpThreads(), config.interOpThreads(), config.allowSpinning());
    }

    /**
     * Creates ONNX Runtime's threading options for these pools; the caller closes them.
     *
     * @return the options
     * @throws OrtException when ONNX Runtime rejects a value
     */
    ThreadingOptions toThreadingOptions() throws OrtException {
        ThreadingOptions options = new ThreadingOptions();
        try {
            if (intraOpThreads > 0) {
                options.setGlobalIntraOpNumThreads(intraOpThreads);
            }
            if (interOpThreads > 0) {
                options.setGlobalInterOpNumThreads(interOpThreads);
            }
            options.setGlobalSpinControl(allowSpinning);
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "intra-op %s, inter-op %s, spinning %s", count(intraOpThreads),
                count(interOpThreads), allowSpinning ? "on" : "off");
    }

    private static String count(int threads) {
        return threads == 0 ? "ONNX Runtime's choice" : threads + (threads == 1 ? " thread" : " threads");
    }
}
