package org.modelgate.optimize.quantize;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The 8-bit type quantized weights are stored in, with ONNX Runtime's names. */
public enum WeightType {
    /** Signed 8 bits, symmetric around zero (zero point 0): ONNX Runtime's default. */
    QINT8("QInt8"),
    /** Unsigned 8 bits, asymmetric (a zero point per tensor or channel). */
    QUINT8("QUInt8");

    private final String ortName;

    WeightType(String ortName) {
        this.ortName = ortName;
    }

    /**
     * ONNX Runtime's name, e.g. {@code QInt8}.
     *
     * @return the name
     */
    public String ortName() {
        return ortName;
    }

    /**
     * The type of an ONNX Runtime name (any case).
     *
     * @param name {@code QInt8} or {@code QUInt8}
     * @return the type
     * @throws IllegalArgumentException for another name, listing the known ones
     */
    public static WeightType named(String name) {
        return Arrays.stream(values()).filter(t -> t.ortName.equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--weight_type is one of " + Arrays.stream(values())
                        .map(WeightType::ortName).collect(Collectors.joining(", ")) + ", not '" + name + "'"));
    }
}
