package org.modelgate.backend.onnxruntime.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.modelgate.api.ModelLoadException;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;

/**
 * The ONNX Runtime session settings of one model: the backend's configured defaults, overridden by
 * the model's own options (the {@code options} object of model.json).
 *
 * @param intraOpThreads threads one operator may use; 0 lets ONNX Runtime choose
 * @param interOpThreads threads running independent operators in parallel; 0 lets ONNX Runtime choose
 * @param optimizationLevel graph optimizations applied when the session is created
 * @param allowSpinning whether idle intra-op threads spin (lower latency, CPU busy between requests)
 */
record SessionSettings(int intraOpThreads, int interOpThreads, OptimizationLevel optimizationLevel,
        boolean allowSpinning) {

    static final String INTRA_OP_THREADS = "intraOpThreads";
    static final String INTER_OP_THREADS = "interOpThreads";
    static final String OPTIMIZATION_LEVEL = "optimizationLevel";
    static final String ALLOW_SPINNING = "allowSpinning";
    static final Set<String> OPTION_KEYS = new TreeSet<>(
            Set.of(INTRA_OP_THREADS, INTER_OP_THREADS, OPTIMIZATION_LEVEL, ALLOW_SPINNING));

    SessionSettings {
        requireThreadCount(INTRA_OP_THREADS, intraOpThreads);
        requireThreadCount(INTER_OP_THREADS, interOpThreads);
    }

    /**
     * Takes the defaults from the backend's configuration.
     *
     * @param config the configuration
     * @return the settings
     * @throws IllegalArgumentException when a thread count is negative
     */
    static SessionSettings of(OnnxRuntimeBackend.Config config) {
        return new SessionSettings(config.intraOpThreads(), config.interOpThreads(), config.optimizationLevel(),
                config.allowSpinning());
    }

    /**
     * Applies a model's options on top of these settings.
     *
     * @param options the model's options, keys as in {@link #OPTION_KEYS}
     * @param model the model as people name it, for messages
     * @return the settings for that model
     * @throws ModelLoadException naming the valid keys or values when an option is unknown or malformed
     */
    SessionSettings withOptions(Map<String, String> options, String model) {
        SessionSettings result = this;
        for (Map.Entry<String, String> option : options.entrySet()) {
            result = result.with(option.getKey(), option.getValue(), model);
        }
        return result;
    }

    private SessionSettings with(String key, String value, String model) {
        switch (key) {
            case INTRA_OP_THREADS:
                return new SessionSettings(threads(key, value, model), interOpThreads, optimizationLevel, allowSpinning);
            case INTER_OP_THREADS:
                return new SessionSettings(intraOpThreads, threads(key, value, model), optimizationLevel, allowSpinning);
            case OPTIMIZATION_LEVEL:
                OptimizationLevel level = OptimizationLevel.parse(value);
                if (level == null) {
                    throw invalid(model, key, value, "one of " + Arrays.toString(OptimizationLevel.values()).toLowerCase(Locale.ROOT));
                }
                return new SessionSettings(intraOpThreads, interOpThreads, level, allowSpinning);
            case ALLOW_SPINNING:
                if (!"true".equalsIgnoreCase(value.trim()) && !"false".equalsIgnoreCase(value.trim())) {
                    throw invalid(model, key, value, "true or false");
                }
                return new SessionSettings(intraOpThreads, interOpThreads, optimizationLevel,
                        Boolean.parseBoolean(value.trim()));
            default:
                if (key.startsWith(ExecutionProviders.PREFIX)) {
                    return this; // providers and memory: ExecutionProviders reads them
                }
                throw new ModelLoadException("model " + model + ": unknown onnxruntime option '" + key
                        + "'; valid options are " + String.join(", ", OPTION_KEYS) + " and the ort.* provider options");
        }
    }

    private static int threads(String key, String value, String model) {
        try {
            int count = Integer.parseInt(value.trim());
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below with the valid range
        }
        throw invalid(model, key, value, "a whole number, 0 or more (0 lets ONNX Runtime choose)");
    }

    private static ModelLoadException invalid(String model, String key, String value, String expected) {
        return new ModelLoadException("model " + model + ": onnxruntime option '" + key + "' is '" + value
                + "'; expected " + expected);
    }

    private static void requireThreadCount(String key, int count) {
        if (count < 0) {
            throw new IllegalArgumentException(key + " is " + count + "; expected 0 or more (0 lets ONNX Runtime choose)");
        }
    }

    /**
     * Creates ONNX Runtime session options with these settings; the caller closes them.
     *
     * @return the options
     * @throws OrtException when ONNX Runtime rejects a setting
     */
    SessionOptions toSessionOptions() throws OrtException {
        SessionOptions options = new SessionOptions();
        try {
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            if (interOpThreads > 0) {
                options.setInterOpNumThreads(interOpThreads);
            }
            options.setOptimizationLevel(optimizationLevel.ortLevel());
            if (!allowSpinning) {
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                options.addConfigEntry("session.inter_op.allow_spinning", "0");
            }
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }
}
