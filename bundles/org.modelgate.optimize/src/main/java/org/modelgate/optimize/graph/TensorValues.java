package org.modelgate.optimize.graph;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;

import com.google.protobuf.ByteString;

/**
 * Values of ONNX initializers: float weights read from either encoding ONNX allows ({@code raw_data}, little
 * endian, or {@code float_data}) and quantized, half-precision or float tensors written as {@code raw_data}.
 */
public final class TensorValues {
    private TensorValues() {
    }

    /** Whether {@code tensor} holds 32-bit floats. */
    public static boolean isFloat(TensorProto tensor) {
        return tensor.getDataType() == DataType.FLOAT_VALUE;
    }

    /** The number of elements of a tensor with these dimensions. */
    public static int elementCount(java.util.List<Long> dims) {
        long count = 1;
        for (long dim : dims) {
            count *= dim;
        }
        return Math.toIntExact(count);
    }

    /** The float values of {@code tensor}, in row-major order. */
    public static float[] floats(TensorProto tensor) {
        if (!isFloat(tensor)) {
            throw new IllegalArgumentException("tensor '" + tensor.getName() + "' is " + DataType.forNumber(tensor.getDataType())
                    + ", not FLOAT");
        }
        if (!tensor.getRawData().isEmpty()) {
            ByteBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[raw.remaining() / Float.BYTES];
            raw.asFloatBuffer().get(values);
            return values;
        }
        float[] values = new float[tensor.getFloatDataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = tensor.getFloatData(i);
        }
        return values;
    }

    /** A FLOAT tensor with the name and dimensions of {@code like} and {@code values}. */
    public static TensorProto withFloats(TensorProto like, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return like.toBuilder().clearFloatData().setDataType(DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(raw.array())).build();
    }

    /** A FLOAT tensor. */
    public static TensorProto floatTensor(String name, long[] dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return builder(name, dims, DataType.FLOAT).setRawData(ByteString.copyFrom(raw.array())).build();
    }

    /** An INT8 ({@code signed}) or UINT8 tensor. */
    public static TensorProto byteTensor(String name, long[] dims, byte[] values, boolean signed) {
        return builder(name, dims, signed ? DataType.INT8 : DataType.UINT8).setRawData(ByteString.copyFrom(values)).build();
    }

    /** An INT32 tensor. */
    public static TensorProto intTensor(String name, long[] dims, int[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asIntBuffer().put(values);
        return builder(name, dims, DataType.INT32).setRawData(ByteString.copyFrom(raw.array())).build();
    }

    /** An INT64 tensor. */
    public static TensorProto longTensor(String name, long[] dims, long[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        return builder(name, dims, DataType.INT64).setRawData(ByteString.copyFrom(raw.array())).build();
    }

    /** A FLOAT16 tensor from float values already clamped to the half-precision range. */
    public static TensorProto halfTensor(TensorProto like, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            raw.putShort(Float16.fromFloat(value));
        }
        return like.toBuilder().clearFloatData().setDataType(DataType.FLOAT16_VALUE).setRawData(ByteString.copyFrom(raw.array())).build();
    }

    private static TensorProto.Builder builder(String name, long[] dims, DataType type) {
        TensorProto.Builder builder = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long dim : dims) {
            builder.addDims(dim);
        }
        return builder;
    }
}
