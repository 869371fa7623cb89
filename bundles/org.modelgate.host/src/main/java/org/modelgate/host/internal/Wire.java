package org.modelgate.host.internal;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.modelgate.api.DataType;
import org.modelgate.api.TensorSpec;

/**
 * A growable little-endian message body, and the encodings both sides share: strings, tensor specs, string
 * maps, and backend service properties with their types (DS builds the backend's configuration from them).
 */
final class Wire {
    private static final DataType[] TYPES = DataType.values();
    private ByteBuffer buffer;

    Wire(int capacity) {
        buffer = ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Wraps a received body for reading. */
    static Wire reading(ByteBuffer body) {
        Wire wire = new Wire(0);
        wire.buffer = body.order(ByteOrder.LITTLE_ENDIAN);
        return wire;
    }

    ByteBuffer buffer() {
        return buffer;
    }

    Wire clear() {
        buffer.clear();
        return this;
    }

    /** Makes room for {@code bytes} more bytes. */
    Wire ensure(int bytes) {
        if (buffer.remaining() < bytes) {
            int capacity = Math.max(buffer.capacity() * 2, buffer.position() + bytes);
            ByteBuffer bigger = ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN);
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
        return this;
    }

    /** A buffer of exactly {@code length} bytes to receive a body into. */
    ByteBuffer receive(int length) {
        if (buffer.capacity() < length) {
            buffer = ByteBuffer.allocateDirect(Math.max(length, buffer.capacity() * 2)).order(ByteOrder.LITTLE_ENDIAN);
        }
        buffer.clear().limit(length);
        return buffer;
    }

    Wire putInt(int value) {
        ensure(4).buffer.putInt(value);
        return this;
    }

    Wire putLong(long value) {
        ensure(8).buffer.putLong(value);
        return this;
    }

    Wire putByte(int value) {
        ensure(1).buffer.put((byte) value);
        return this;
    }

    Wire putString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        ensure(4 + bytes.length).buffer.putInt(bytes.length).put(bytes);
        return this;
    }

    int getInt() {
        return buffer.getInt();
    }

    long getLong() {
        return buffer.getLong();
    }

    byte getByte() {
        return buffer.get();
    }

    String getString() {
        int length = buffer.getInt();
        if (length < 0 || length > buffer.remaining()) {
            throw new IllegalStateException("string of " + length + " bytes in a body with " + buffer.remaining() + " left");
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    Wire putType(DataType type) {
        return putByte(type.ordinal());
    }

    DataType getType() {
        int ordinal = buffer.get();
        if (ordinal < 0 || ordinal >= TYPES.length) {
            throw new IllegalStateException("no data type " + ordinal);
        }
        return TYPES[ordinal];
    }

    Wire putShape(long[] shape) {
        putByte(shape.length);
        for (long dim : shape) {
            putLong(dim);
        }
        return this;
    }

    long[] getShape() {
        int rank = buffer.get();
        if (rank < 0 || rank > 64) {
            throw new IllegalStateException("rank " + rank);
        }
        long[] shape = new long[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = buffer.getLong();
        }
        return shape;
    }

    Wire putSpecs(List<TensorSpec> specs) {
        putInt(specs.size());
        for (TensorSpec spec : specs) {
            putString(spec.name()).putType(spec.dataType()).putShape(spec.shape());
        }
        return this;
    }

    List<TensorSpec> getSpecs() {
        int count = count();
        List<TensorSpec> specs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            specs.add(new TensorSpec(getString(), getType(), getShape()));
        }
        return List.copyOf(specs);
    }

    /** Writes the names of the outputs a run asks for. */
    Wire putNames(Collection<String> names) {
        putInt(names.size());
        for (String name : names) {
            putString(name);
        }
        return this;
    }

    Set<String> getNames() {
        int count = count();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < count; i++) {
            names.add(getString());
        }
        return names;
    }

    /** Writes the elements of a BYTES tensor, which travel in the frame rather than in the shared memory. */
    Wire putTexts(String[] texts) {
        putInt(texts.length);
        for (String text : texts) {
            putString(text);
        }
        return this;
    }

    String[] getTexts() {
        String[] texts = new String[count()];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = getString();
        }
        return texts;
    }

    Wire putStrings(Map<String, String> map) {
        putInt(map.size());
        map.forEach((k, v) -> putString(k).putString(v));
        return this;
    }

    Map<String, String> getStrings() {
        int count = count();
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            map.put(getString(), getString());
        }
        return map;
    }

    int count() {
        int count = buffer.getInt();
        if (count < 0 || count > buffer.remaining()) {
            throw new IllegalStateException("count " + count + " in a body with " + buffer.remaining() + " bytes left");
        }
        return count;
    }

    /**
     * Writes service properties: scalars of the types DS configurations hold, and arrays or collections of them.
     * Values of other types (service references, objects) are left out: no configuration holds them.
     */
    Wire putProperties(Map<String, Object> properties) {
        Map<String, Object> kept = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            if (v instanceof Collection<?> c) {
                v = c.toArray();
            }
            if (tag(v) != 0) {
                kept.put(k, v);
            }
        });
        putInt(kept.size());
        kept.forEach((k, v) -> {
            putString(k);
            putValue(v);
        });
        return this;
    }

    private void putValue(Object value) {
        char tag = tag(value);
        putByte(tag);
        switch (tag) {
            case 'S' -> putString((String) value);
            case 'I' -> putInt((Integer) value);
            case 'J' -> putLong((Long) value);
            case 'Z' -> putByte((Boolean) value ? 1 : 0);
            case 'D' -> putLong(Double.doubleToRawLongBits((Double) value));
            case 'F' -> putInt(Float.floatToRawIntBits((Float) value));
            case 'H' -> putInt((Short) value);
            case 'B' -> putInt((Byte) value);
            case 'C' -> putInt((Character) value);
            case 'A' -> {
                int length = Array.getLength(value);
                List<Object> elements = new ArrayList<>(length);
                for (int i = 0; i < length; i++) {
                    Object element = Array.get(value, i);
                    if (tag(element) != 0 && tag(element) != 'A') {
                        elements.add(element);
                    }
                }
                putInt(elements.size());
                elements.forEach(this::putValue);
            }
            default -> throw new IllegalStateException("no encoding for " + value);
        }
    }

    private static char tag(Object value) {
        if (value instanceof String) {
            return 'S';
        } else if (value instanceof Integer) {
            return 'I';
        } else if (value instanceof Long) {
            return 'J';
        } else if (value instanceof Boolean) {
            return 'Z';
        } else if (value instanceof Double) {
            return 'D';
        } else if (value instanceof Float) {
            return 'F';
        } else if (value instanceof Short) {
            return 'H';
        } else if (value instanceof Byte) {
            return 'B';
        } else if (value instanceof Character) {
            return 'C';
        } else if (value != null && value.getClass().isArray()) {
            return 'A';
        }
        return 0;
    }

    Map<String, Object> getProperties() {
        int count = count();
        Map<String, Object> properties = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            properties.put(getString(), getValue());
        }
        return properties;
    }

    private Object getValue() {
        char tag = (char) buffer.get();
        return switch (tag) {
            case 'S' -> getString();
            case 'I' -> buffer.getInt();
            case 'J' -> buffer.getLong();
            case 'Z' -> buffer.get() != 0;
            case 'D' -> Double.longBitsToDouble(buffer.getLong());
            case 'F' -> Float.intBitsToFloat(buffer.getInt());
            case 'H' -> (short) buffer.getInt();
            case 'B' -> (byte) buffer.getInt();
            case 'C' -> (char) buffer.getInt();
            case 'A' -> {
                int length = count();
                Object[] values = new Object[length];
                for (int i = 0; i < length; i++) {
                    values[i] = getValue();
                }
                yield values;
            }
            default -> throw new IllegalStateException("no property value of tag " + (int) tag);
        };
    }
}
