package org.modelgate.accel.onnxruntime.session;

import java.util.Locale;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;

/**
 * How much ONNX Runtime rewrites a graph before running it (constant folding, node fusion, layout).
 */
public enum OptimizationLevel {
    /** No graph optimization. */
    NONE(OptLevel.NO_OPT),
    /** Semantics-preserving rewrites only, such as constant folding and redundant node removal. */
    BASIC(OptLevel.BASIC_OPT),
    /** Basic plus complex node fusions. */
    EXTENDED(OptLevel.EXTENDED_OPT),
    /** Everything, including layout changes (ONNX Runtime's default). */
    ALL(OptLevel.ALL_OPT);

    private final OptLevel ortLevel;

    OptimizationLevel(OptLevel ortLevel) {
        this.ortLevel = ortLevel;
    }

    /**
     * The level as ONNX Runtime names it.
     *
     * @return the ORT level
     */
    public OptLevel ortLevel() {
        return ortLevel;
    }

    /**
     * Parses a level as written in a model's options, case-insensitively.
     *
     * @param text for example {@code "extended"}
     * @return the level, or null when the text names none
     */
    public static OptimizationLevel parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
