package org.modelgate.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Element types of a {@link Tensor}, named as in the Open Inference Protocol (KServe v2, Triton).
 *
 * <p>The set is what ONNX Runtime's Java API can carry: the unsigned 16/32/64-bit integers of the
 * protocol are not among them. {@link #BYTES} tensors hold UTF-8 strings.
 */
@ProviderType
public enum DataType {
    /** Boolean, one byte per element (0 or 1). */
    BOOL(1),
    /** Unsigned 8-bit integer. */
    UINT8(1),
    /** Signed 8-bit integer. */
    INT8(1),
    /** Signed 16-bit integer. */
    INT16(2),
    /** Signed 32-bit integer. */
    INT32(4),
    /** Signed 64-bit integer. */
    INT64(8),
    /** IEEE 754 half precision, stored as its 16 raw bits. */
    FP16(2),
    /** bfloat16 (the upper half of an FP32), stored as its 16 raw bits. */
    BF16(2),
    /** IEEE 754 single precision. */
    FP32(4),
    /** IEEE 754 double precision. */
    FP64(8),
    /** Strings (UTF-8); not of fixed size. */
    BYTES(-1);

    private final int byteSize;

    DataType(int byteSize) {
        this.byteSize = byteSize;
    }

    /**
     * Bytes per element in a tensor buffer.
     *
     * @return the element size, or -1 for {@link #BYTES}
     */
    public int byteSize() {
        return byteSize;
    }

    /**
     * Whether elements are numbers (or booleans) held in a byte buffer, as opposed to strings.
     *
     * @return true for every type but {@link #BYTES}
     */
    public boolean isFixedSize() {
        return byteSize > 0;
    }

    /**
     * Whether elements are floating point numbers.
     *
     * @return true for FP16, BF16, FP32 and FP64
     */
    public boolean isFloatingPoint() {
        return this == FP16 || this == BF16 || this == FP32 || this == FP64;
    }

    /**
     * Parses a protocol datatype name such as {@code "FP32"}.
     *
     * @param name the name, case-insensitive
     * @return the data type
     * @throws InvalidInputException naming the supported types when the name is unknown
     */
    public static DataType fromName(String name) {
        if (name == null) {
            throw new InvalidInputException("datatype is missing; expected one of " + supportedNames());
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("datatype '" + name + "' is not supported; expected one of "
                    + supportedNames());
        }
    }

    private static String supportedNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
