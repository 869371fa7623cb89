package org.modelgate.learn.secagg;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Round 2 message, client to server: the client's fixed-point vector with its self mask and pairwise masks added,
 * every element in {@code [0, 2^k)} for the round's {@link SecAggParameters#modulusBits() k} (unsigned; for
 * {@code k = 64} the long's bits). Alone it is indistinguishable from uniform noise; the masks cancel only in the
 * sum.
 *
 * @param clientId the sending client's id
 * @param values the masked vector
 */
public record MaskedInput(String clientId, long[] values) {

    /** The longest vector accepted, in elements. */
    public static final int MAX_LENGTH = 1 << 26;

    /**
     * Checks the fields and copies the vector.
     *
     * @throws IllegalArgumentException where the id is blank or the vector empty
     */
    public MaskedInput {
        Wire.checkId(clientId, "MaskedInput's client id");
        if (values == null || values.length == 0 || values.length > MAX_LENGTH) {
            throw new IllegalArgumentException("MaskedInput of '" + clientId + "': values must hold 1.." + MAX_LENGTH
                + " elements, got " + (values == null ? "null" : values.length));
        }
        values = values.clone();
    }

    /** Returns a copy of the masked vector. */
    @Override
    public long[] values() {
        return values.clone();
    }

    /**
     * Encodes the masked input: 4 bytes per element where every element fits in 32 unsigned bits (moduli up to
     * 2^32), 8 otherwise.
     *
     * @return the bytes {@link #fromBytes(byte[])} reads
     */
    public byte[] toBytes() {
        boolean narrow = Arrays.stream(values).allMatch(v -> (v >>> 32) == 0);
        int width = narrow ? 4 : 8;
        ByteBuffer body = ByteBuffer.allocate(values.length * width);
        for (long value : values) {
            if (narrow) {
                body.putInt((int) value);
            } else {
                body.putLong(value);
            }
        }
        return Wire.writer(Wire.MASKED_INPUT).string(clientId).u8(width).i32(values.length).raw(body.array())
            .toBytes();
    }

    /**
     * Decodes a masked input.
     *
     * @param bytes what {@link #toBytes()} wrote
     * @return the masked input
     * @throws MalformedMessageException where the bytes are not a version 1 masked input
     */
    public static MaskedInput fromBytes(byte[] bytes) {
        Wire.Reader in = Wire.reader(bytes, Wire.MASKED_INPUT, "MaskedInput");
        String id = in.string("clientId");
        int width = in.u8("element width");
        if (width != 4 && width != 8) {
            throw in.malformed("element width " + width + " is neither 4 nor 8 bytes");
        }
        int length = in.i32("length");
        if (length <= 0 || length > MAX_LENGTH) {
            throw in.malformed("length " + length + " is outside 1.." + MAX_LENGTH);
        }
        ByteBuffer body = ByteBuffer.wrap(in.raw("values", length * width));
        in.end();
        long[] values = new long[length];
        for (int i = 0; i < length; i++) {
            values[i] = width == 4 ? Integer.toUnsignedLong(body.getInt()) : body.getLong();
        }
        return new MaskedInput(id, values);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MaskedInput that && clientId.equals(that.clientId)
            && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * clientId.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "MaskedInput[" + clientId + ", " + values.length + " values]";
    }
}
