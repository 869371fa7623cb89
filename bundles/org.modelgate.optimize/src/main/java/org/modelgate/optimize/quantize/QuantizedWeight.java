package org.modelgate.optimize.quantize;

/**
 * A float tensor quantized to 8 bits: {@code real = (q - zeroPoint) * scale}, with one scale and zero point for the
 * whole tensor or one per channel (a column of a {@code [K, N]} MatMul weight).
 *
 * @param values the quantized values, row-major, as stored bytes
 * @param scales one per channel, or one
 * @param zeroPoints one per channel, or one, as stored bytes
 * @param type the 8-bit type
 */
public record QuantizedWeight(byte[] values, float[] scales, byte[] zeroPoints, WeightType type) {

    /**
     * Quantizes a tensor.
     *
     * @param values the float values, row-major
     * @param columns the size of the last dimension (the channels, when {@code perChannel})
     * @param perChannel one scale per column
     * @param reduceRange 7 bits
     * @param type the 8-bit type
     * @return the quantized tensor
     */
    public static QuantizedWeight of(float[] values, int columns, boolean perChannel, boolean reduceRange, WeightType type) {
        int channels = perChannel ? columns : 1;
        float[] min = new float[channels];
        float[] max = new float[channels];
        for (int i = 0; i < values.length; i++) {
            int c = perChannel ? i % columns : 0;
            min[c] = Math.min(min[c], values[i]);
            max[c] = Math.max(max[c], values[i]);
        }
        float[] scales = new float[channels];
        byte[] zeroPoints = new byte[channels];
        int[] zero = new int[channels];
        for (int c = 0; c < channels; c++) {
            if (type == WeightType.QINT8) {
                // symmetric, as ONNX Runtime quantizes signed weights: zero point 0, range [-127, 127] (7 bits: [-63, 63])
                float absMax = Math.max(Math.abs(min[c]), Math.abs(max[c]));
                int qmax = reduceRange ? 63 : 127;
                scales[c] = absMax == 0 ? 1f : absMax / qmax;
                zero[c] = 0;
            } else {
                int qmax = reduceRange ? 127 : 255;
                float range = max[c] - min[c];
                scales[c] = range == 0 ? 1f : range / qmax;
                zero[c] = Math.max(0, Math.min(qmax, Math.round(-min[c] / scales[c])));
            }
            zeroPoints[c] = (byte) zero[c];
        }
        int low = type == WeightType.QINT8 ? (reduceRange ? -63 : -127) : 0;
        int high = type == WeightType.QINT8 ? (reduceRange ? 63 : 127) : (reduceRange ? 127 : 255);
        byte[] quantized = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            int c = perChannel ? i % columns : 0;
            int q = Math.round(values[i] / scales[c]) + zero[c];
            quantized[i] = (byte) Math.max(low, Math.min(high, q));
        }
        return new QuantizedWeight(quantized, scales, zeroPoints, type);
    }

    /**
     * The value a stored byte stands for.
     *
     * @param index the element
     * @param columns the size of the last dimension
     * @return {@code (q - zeroPoint) * scale}
     */
    public float dequantized(int index, int columns) {
        int c = scales.length == 1 ? 0 : index % columns;
        int q = type == WeightType.QINT8 ? values[index] : values[index] & 0xff;
        int z = type == WeightType.QINT8 ? zeroPoints[c] : zeroPoints[c] & 0xff;
        return (q - z) * scales[c];
    }
}
