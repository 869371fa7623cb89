package org.modelgate.accel.onnxruntime.session;

import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.modelgate.api.ModelLoadException;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;

/**
 * The ONNX Runtime session settings of one model: a backend's configured defaults, overridden by the
 * model's own options (the {@code options} object of model.json). Both ONNX backends (onnxruntime, and
 * djl on DJL's OnnxRuntime engine) read them, with the same names and meanings, so one model.json runs on
 * either.
 *
 * <pre>
 * SessionSettings defaults = new SessionSettings(config.intraOpThreads(), config.interOpThreads(),
 *         config.optimizationLevel(), config.allowSpinning());
 * try (SessionOptions options = defaults.withOptions(model.options(), "'iris' 1.0.0", "djl").toSessionOptions()) {
 *     ...
 * }
 * </pre>
 *
 * @param intraOpThreads threads one operator may use; 0 lets ONNX Runtime choose
 * @param interOpThreads threads running independent operators in parallel; 0 lets ONNX Runtime choose
 * @param optimizationLevel graph optimizations applied when the session is created
 * @param allowSpinning whether idle intra-op threads spin (lower latency, CPU busy between requests)
 */
public record SessionSettings(int intraOpThreads, int interOpThreads, OptimizationLevel optimizationLevel,
        boolean allowSpinning) {

    /** Option key: threads one operator may use. */
    public static final String INTRA_OP_THREADS = "intraOpThreads";
    /** Option key: threads running independent operators. */
    public static final String INTER_OP_THREADS = "interOpThreads";
    /** Option key: one of {@link OptimizationLevel}, case-insensitive. */
    public static final String OPTIMIZATION_LEVEL = "optimizationLevel";
    /** Option key: {@code true} or {@code false}. */
    public static final String ALLOW_SPINNING = "allowSpinning";
    /** The option keys, sorted. */
    public static final SortedSet<String> OPTION_KEYS = Collections.unmodifiableSortedSet(new TreeSet<>(
            Set.of(INTRA_OP_THREADS, INTER_OP_THREADS, OPTIMIZATION_LEVEL, ALLOW_SPINNING)));

    /**
     * Checks the thread counts.
     *
     * @throws IllegalArgumentException when a thread count is negative
     */
    public SessionSettings {
        requireThreadCount(INTRA_OP_THREADS, intraOpThreads);
        requireThreadCount(INTER_OP_THREADS, interOpThreads);
    }

    /**
     * Applies a model's options on top of these settings; every option must be one of {@link #OPTION_KEYS}.
     *
     * @param options the model's options
     * @param model the model as people name it, for messages
     * @param backend the backend's name, for messages
     * @return the settings for that model
     * @throws ModelLoadException naming the valid keys or values when an option is unknown or malformed
     */
    public SessionSettings withOptions(Map<String, String> options, String model, String backend) {
        return withOptions(options, model, backend, null);
    }

    /**
     * Applies a model's options on top of these settings, leaving those under a prefix to the backend.
     *
     * @param options the model's options
     * @param model the model as people name it, for messages
     * @param backend the backend's name, for messages
     * @param providerPrefix options starting with it (e.g. {@code ort.}) are the backend's provider options,
     *     read elsewhere; null for none
     * @return the settings for that model
     * @throws ModelLoadException naming the valid keys or values when an option is unknown or malformed
     */
    public SessionSettings withOptions(Map<String, String> options, String model, String backend,
            String providerPrefix) {
        SessionSettings result = this;
        for (Map.Entry<String, String> option : options.entrySet()) {
            String key = option.getKey();
            if (OPTION_KEYS.contains(key)) {
                result = result.with(key, option.getValue(), model, backend);
            } else if (providerPrefix == null || !key.startsWith(providerPrefix)) {
                throw new ModelLoadException("model " + model + ": unknown " + backend + " option '" + key
                        + "'; valid options are " + String.join(", ", OPTION_KEYS)
                        + (providerPrefix == null ? "" : " and the " + providerPrefix + "* provider options"));
            }
        }
        return result;
    }

    private SessionSettings with(String key, String value, String model, String backend) {
        switch (key) {
            case INTRA_OP_THREADS:
                return new SessionSettings(threads(key, value, model, backend), interOpThreads, optimizationLevel,
                        allowSpinning);
            case INTER_OP_THREADS:
                return new SessionSettings(intraOpThreads, threads(key, value, model, backend), optimizationLevel,
                        allowSpinning);
            case OPTIMIZATION_LEVEL:
                OptimizationLevel level = OptimizationLevel.parse(value);
                if (level == null) {
                    throw invalid(model, backend, key, value,
                            "one of " + Arrays.toString(OptimizationLevel.values()).toLowerCase(Locale.ROOT));
                }
                return new SessionSettings(intraOpThreads, interOpThreads, level, allowSpinning);
            default: // ALLOW_SPINNING
                if (!"true".equalsIgnoreCase(value.trim()) && !"false".equalsIgnoreCase(value.trim())) {
                    throw invalid(model, backend, key, value, "true or false");
                }
                return new SessionSettings(intraOpThreads, interOpThreads, optimizationLevel,
                        Boolean.parseBoolean(value.trim()));
        }
    }

    private static int threads(String key, String value, String model, String backend) {
        try {
            int count = Integer.parseInt(value.trim());
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below with the valid range
        }
        throw invalid(model, backend, key, value, "a whole number, 0 or more (0 lets ONNX Runtime choose)");
    }

    private static ModelLoadException invalid(String model, String backend, String key, String value,
            String expected) {
        return new ModelLoadException("model " + model + ": " + backend + " option '" + key + "' is '" + value
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
    public SessionOptions toSessionOptions() throws OrtException {
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
