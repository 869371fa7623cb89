package org.modelgate.learn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The wire form of a parameter vector: float32 values, little-endian, nothing else; and its SHA-256 for integrity
 * checks across chunks.
 */
public final class UpdateCodec {
    private UpdateCodec() {
    }

    /**
     * @param v the values
     * @return {@code 4 * v.length} bytes, little-endian float32
     */
    public static byte[] encode(float[] v) {
        ByteBuffer buffer = ByteBuffer.allocate(Math.multiplyExact(v.length, Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(v);
        return buffer.array();
    }

    /**
     * @param b little-endian float32 values
     * @param expectedLength the number of values the model has
     * @return the values
     * @throws IllegalArgumentException when {@code b} does not hold exactly {@code expectedLength} float32 values
     */
    public static float[] decode(byte[] b, int expectedLength) {
        if ((long) expectedLength * Float.BYTES != b.length) {
            String held = b.length % Float.BYTES == 0 ? (b.length / Float.BYTES) + " float32 values"
                    : "no whole number of float32 values";
            throw new IllegalArgumentException("expected " + expectedLength + " float32 values (" + (long) expectedLength
                    * Float.BYTES + " bytes), got " + b.length + " bytes (" + held + ")");
        }
        float[] v = new float[expectedLength];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    /**
     * @param b bytes
     * @return their SHA-256, 64 lower-case hex digits
     */
    public static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime lacks SHA-256, which every Java SE runtime must have", e);
        }
    }
}
