package org.modelgate.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A named, typed, shaped block of values: one input or output of a model.
 *
 * <p>Numeric tensors keep their elements in a little-endian byte buffer, row-major, so backends can
 * hand the bytes to native runtimes without conversion; {@link DataType#BYTES} tensors keep strings.
 * A scalar has the empty shape and one element; a dimension of 0 gives an empty tensor. Tensors are
 * immutable: factories copy arrays, and {@link #buffer()} is read-only.
 *
 * <pre>{@code
 * Tensor features = Tensor.ofFloats("features", new long[] {1, 4}, 5.1f, 3.5f, 1.4f, 0.2f);
 * float[] values = response.output("probabilities").toFloatArray();
 * }</pre>
 */
@ProviderType
public final class Tensor {
    private final String name;
    private final DataType dataType;
    private final long[] shape;
    private final int elementCount;
    private final ByteBuffer data;
    private final String[] strings;

    private Tensor(String name, DataType dataType, long[] shape, ByteBuffer data, String[] strings) {
        this.name = Objects.requireNonNull(name, "name");
        this.dataType = Objects.requireNonNull(dataType, "dataType");
        this.shape = shape.clone();
        this.elementCount = elementCount(name, this.shape);
        this.data = data;
        this.strings = strings;
    }

    /**
     * Creates a numeric tensor over a byte buffer of little-endian elements.
     *
     * <p>The buffer's remaining bytes are the data; a direct buffer stays direct (no copy), so a
     * backend may pass it to native code as it is.
     *
     * @param name the input or output name
     * @param dataType any type but {@link DataType#BYTES}
     * @param shape the dimensions, each 0 or more
     * @param data the elements, {@code shape} product times the type's size in bytes
     * @return the tensor
     * @throws InvalidInputException when the byte count does not match the shape
     */
    public static Tensor of(String name, DataType dataType, long[] shape, ByteBuffer data) {
        if (!dataType.isFixedSize()) {
            throw new InvalidInputException("tensor '" + name + "': BYTES tensors hold strings; use ofStrings");
        }
        ByteBuffer view = data.slice().order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        Tensor tensor = new Tensor(name, dataType, shape, view, null);
        long expected = (long) tensor.elementCount * dataType.byteSize();
        if (view.remaining() != expected) {
            throw new InvalidInputException("tensor '" + name + "' of shape " + Arrays.toString(shape) + " needs "
                    + tensor.elementCount + " " + dataType + " elements (" + expected + " bytes), got "
                    + view.remaining() + " bytes");
        }
        return tensor;
    }

    /**
     * Creates a {@link DataType#BYTES} tensor of strings.
     *
     * @param name the input or output name
     * @param shape the dimensions
     * @param values the elements, row-major, none null
     * @return the tensor
     * @throws InvalidInputException when the count does not match the shape
     */
    public static Tensor ofStrings(String name, long[] shape, String... values) {
        Tensor tensor = new Tensor(name, DataType.BYTES, shape, null, values.clone());
        if (values.length != tensor.elementCount) {
            throw countMismatch(name, shape, tensor.elementCount, values.length);
        }
        for (String value : tensor.strings) {
            Objects.requireNonNull(value, "tensor '" + name + "' holds a null string");
        }
        return tensor;
    }

    /**
     * Creates an FP32 tensor.
     *
     * @param name the name
     * @param shape the dimensions
     * @param values the elements, row-major
     * @return the tensor
     */
    public static Tensor ofFloats(String name, long[] shape, float... values) {
        ByteBuffer buffer = allocate(values.length, 4);
        buffer.asFloatBuffer().put(values);
        return of(name, DataType.FP32, shape, buffer);
    }

    /**
     * Creates an FP64 tensor.
     *
     * @param name the name
     * @param shape the dimensions
     * @param values the elements, row-major
     * @return the tensor
     */
    public static Tensor ofDoubles(String name, long[] shape, double... values) {
        ByteBuffer buffer = allocate(values.length, 8);
        buffer.asDoubleBuffer().put(values);
        return of(name, DataType.FP64, shape, buffer);
    }

    /**
     * Creates an FP16 or BF16 tensor from float values, rounding each to nearest even.
     *
     * @param name the name
     * @param dataType {@link DataType#FP16} or {@link DataType#BF16}
     * @param shape the dimensions
     * @param values the elements, row-major
     * @return the tensor
     */
    public static Tensor ofHalfFloats(String name, DataType dataType, long[] shape, float... values) {
        if (dataType != DataType.FP16 && dataType != DataType.BF16) {
            throw new IllegalArgumentException("ofHalfFloats takes FP16 or BF16, not " + dataType);
        }
        ByteBuffer buffer = allocate(values.length, 2);
        for (float value : values) {
            buffer.putShort(dataType == DataType.FP16 ? HalfFloats.floatToFp16(value) : HalfFloats.floatToBf16(value));
        }
        buffer.flip();
        return of(name, dataType, shape, buffer);
    }

    /**
     * Creates an INT64 tensor.
     *
     * @param name the name
     * @param shape the dimensions
     * @param values the elements, row-major
     * @return the tensor
     */
    public static Tensor ofLongs(String name, long[] shape, long... values) {
        ByteBuffer buffer = allocate(values.length, 8);
        buffer.asLongBuffer().put(values);
        return of(name, DataType.INT64, shape, buffer);
    }

    /**
     * Creates an INT32 tensor.
     *
     * @param name the name
     * @param shape the dimensions
     * @param values the elements, row-major
     * @return the tensor
     */
    public static Tensor ofInts(String name, long[] shape, int... values) {
        ByteBuffer buffer = allocate(values.length, 4);
        buffer.asIntBuffer().put(values);
        return of(name, DataType.INT32, shape, buffer);
    }

    /**
     * Creates an INT16 tensor.
     *
     * @param name the name
     * @param shape the dimensions
     * @param values the elements, row-major
     * @return the tensor
     */
    public static Tensor ofShorts(String name, long[] shape, short... values) {
        ByteBuffer buffer = allocate(values.length, 2);
        buffer.asShortBuffer().put(values);
        return of(name, DataType.INT16, shape, buffer);
    }

    /**
     * Creates an INT8 or UINT8 tensor from raw bytes (UINT8 reads each byte as 0..255).
     *
     * @param name the name
     * @param dataType {@link DataType#INT8} or {@link DataType#UINT8}
     * @param shape the dimensions
     * @param values the elements, row-major
     * @return the tensor
     */
    public static Tensor ofBytes(String name, DataType dataType, long[] shape, byte... values) {
        if (dataType != DataType.INT8 && dataType != DataType.UINT8) {
            throw new IllegalArgumentException("ofBytes takes INT8 or UINT8, not " + dataType);
        }
        return of(name, dataType, shape, ByteBuffer.wrap(values.clone()));
    }

    /**
     * Creates a BOOL tensor.
     *
     * @param name the name
     * @param shape the dimensions
     * @param values the elements, row-major
     * @return the tensor
     */
    public static Tensor ofBooleans(String name, long[] shape, boolean... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) (values[i] ? 1 : 0);
        }
        return of(name, DataType.BOOL, shape, ByteBuffer.wrap(bytes));
    }

    /**
     * The input or output name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The element type.
     *
     * @return the type
     */
    public DataType dataType() {
        return dataType;
    }

    /**
     * The dimensions; empty for a scalar.
     *
     * @return a copy of the shape
     */
    public long[] shape() {
        return shape.clone();
    }

    /**
     * The number of elements: the product of the shape (1 for a scalar).
     *
     * @return the element count
     */
    public int elementCount() {
        return elementCount;
    }

    /**
     * The elements of a numeric tensor as little-endian bytes, read-only, positioned at 0.
     *
     * @return a new view of the data (the caller may move its position freely)
     * @throws IllegalStateException for a {@link DataType#BYTES} tensor
     */
    public ByteBuffer buffer() {
        if (data == null) {
            throw new IllegalStateException("tensor '" + name + "' holds strings, not a buffer");
        }
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The elements of a {@link DataType#BYTES} tensor.
     *
     * @return a copy of the strings, row-major
     * @throws IllegalStateException for a numeric tensor
     */
    public String[] strings() {
        if (strings == null) {
            throw new IllegalStateException("tensor '" + name + "' holds " + dataType + " numbers, not strings");
        }
        return strings.clone();
    }

    /**
     * Element {@code index} (row-major) of a numeric tensor as a double; BOOL gives 0 or 1.
     *
     * @param index the flat index
     * @return the value
     */
    public double getDouble(int index) {
        Objects.checkIndex(index, elementCount);
        ByteBuffer d = data;
        switch (dataType) {
            case BOOL:
                return d.get(index) != 0 ? 1 : 0;
            case UINT8:
                return d.get(index) & 0xff;
            case INT8:
                return d.get(index);
            case INT16:
                return d.getShort(index * 2);
            case INT32:
                return d.getInt(index * 4);
            case INT64:
                return d.getLong(index * 8);
            case FP16:
                return HalfFloats.fp16ToFloat(d.getShort(index * 2));
            case BF16:
                return HalfFloats.bf16ToFloat(d.getShort(index * 2));
            case FP32:
                return d.getFloat(index * 4);
            case FP64:
                return d.getDouble(index * 8);
            default:
                throw new IllegalStateException("tensor '" + name + "' holds strings, not numbers");
        }
    }

    /**
     * Element {@code index} (row-major) of an integer or BOOL tensor as a long.
     *
     * @param index the flat index
     * @return the value
     */
    public long getLong(int index) {
        Objects.checkIndex(index, elementCount);
        switch (dataType) {
            case INT64:
                return data.getLong(index * 8);
            case INT32:
                return data.getInt(index * 4);
            case FP32:
            case FP64:
            case FP16:
            case BF16:
            case BYTES:
                throw new IllegalStateException("tensor '" + name + "' holds " + dataType + ", not integers");
            default:
                return (long) getDouble(index);
        }
    }

    /**
     * All elements converted to float (FP16 and BF16 are widened exactly).
     *
     * @return a new array, row-major
     */
    public float[] toFloatArray() {
        float[] values = new float[elementCount];
        if (dataType == DataType.FP32) {
            buffer().asFloatBuffer().get(values);
            return values;
        }
        for (int i = 0; i < elementCount; i++) {
            values[i] = (float) getDouble(i);
        }
        return values;
    }

    /**
     * All elements converted to double.
     *
     * @return a new array, row-major
     */
    public double[] toDoubleArray() {
        double[] values = new double[elementCount];
        for (int i = 0; i < elementCount; i++) {
            values[i] = getDouble(i);
        }
        return values;
    }

    /**
     * All elements of an integer or BOOL tensor as longs.
     *
     * @return a new array, row-major
     */
    public long[] toLongArray() {
        long[] values = new long[elementCount];
        for (int i = 0; i < elementCount; i++) {
            values[i] = getLong(i);
        }
        return values;
    }

    /**
     * The same data under another name.
     *
     * @param newName the name
     * @return a tensor sharing this one's (immutable) data
     */
    public Tensor withName(String newName) {
        return new Tensor(newName, dataType, shape, data, strings);
    }

    private static int elementCount(String name, long[] shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new InvalidInputException("tensor '" + name + "' has a negative dimension in shape "
                        + Arrays.toString(shape));
            }
            count *= dim;
            if (count > Integer.MAX_VALUE) {
                throw new InvalidInputException("tensor '" + name + "' of shape " + Arrays.toString(shape)
                        + " has more than " + Integer.MAX_VALUE + " elements");
            }
        }
        return (int) count;
    }

    private static InvalidInputException countMismatch(String name, long[] shape, int expected, int actual) {
        return new InvalidInputException("tensor '" + name + "' of shape " + Arrays.toString(shape) + " needs "
                + expected + " elements, got " + actual);
    }

    private static ByteBuffer allocate(int count, int size) {
        return ByteBuffer.allocate(Math.multiplyExact(count, size)).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Tensor)) {
            return false;
        }
        Tensor other = (Tensor) o;
        return name.equals(other.name) && dataType == other.dataType && Arrays.equals(shape, other.shape)
                && Objects.equals(data, other.data) && Arrays.equals(strings, other.strings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dataType, Arrays.hashCode(shape), data, Arrays.hashCode(strings));
    }

    @Override
    public String toString() {
        return name + ": " + dataType + Arrays.toString(shape);
    }
}
