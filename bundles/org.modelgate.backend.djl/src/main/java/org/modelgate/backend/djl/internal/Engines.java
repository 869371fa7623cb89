package org.modelgate.backend.djl.internal;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.modelgate.api.DataType;

/**
 * The DJL engines this backend uses, the model format each runs and the element types it carries.
 */
enum Engines {
    /** DJL's OnnxRuntime engine over the shared ai.onnxruntime bundle: no INT16 (DJL 0.36 does not map it). */
    ONNX("OnnxRuntime", "onnx", EnumSet.complementOf(EnumSet.of(DataType.INT16))),
    /** DJL's PyTorch engine for TorchScript files: no strings. */
    TORCHSCRIPT("PyTorch", "torchscript", EnumSet.complementOf(EnumSet.of(DataType.BYTES)));

    private final String engineName;
    private final String format;
    private final Set<DataType> types;

    Engines(String engineName, String format, Set<DataType> types) {
        this.engineName = engineName;
        this.format = format;
        this.types = types;
    }

    /** The engine's name in DJL, e.g. {@code OnnxRuntime}. */
    String engineName() {
        return engineName;
    }

    /** The model format it runs, as written in model.json. */
    String format() {
        return format;
    }

    boolean carries(DataType type) {
        return types.contains(type);
    }

    String typeNames() {
        return types.stream().map(Enum::name).collect(Collectors.joining(", "));
    }

    static Engines forFormat(String format) {
        for (Engines engine : values()) {
            if (engine.format.equals(format)) {
                return engine;
            }
        }
        return null;
    }
}
