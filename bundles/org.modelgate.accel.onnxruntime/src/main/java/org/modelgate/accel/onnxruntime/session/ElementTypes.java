package org.modelgate.accel.onnxruntime.session;

import org.modelgate.api.DataType;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo.OnnxTensorType;

/**
 * Maps Modelgate's {@link DataType}s to ONNX Runtime's element types and back.
 */
public final class ElementTypes {
    private ElementTypes() {
    }

    /**
     * The Modelgate type of an ONNX element type.
     *
     * @param type the ONNX element type
     * @return the data type, or null for types Modelgate cannot carry (unsigned 16/32/64-bit, complex, float8)
     */
    public static DataType toDataType(OnnxTensorType type) {
        switch (type) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL:
                return DataType.BOOL;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8:
                return DataType.UINT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8:
                return DataType.INT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16:
                return DataType.INT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32:
                return DataType.INT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64:
                return DataType.INT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16:
                return DataType.FP16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16:
                return DataType.BF16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT:
                return DataType.FP32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE:
                return DataType.FP64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING:
                return DataType.BYTES;
            default:
                return null;
        }
    }

    /**
     * The ONNX Runtime Java type to build a tensor of a numeric data type from a byte buffer.
     *
     * @param type any type but {@link DataType#BYTES}
     * @return the Java type
     */
    public static OnnxJavaType toJavaType(DataType type) {
        switch (type) {
            case BOOL:
                return OnnxJavaType.BOOL;
            case UINT8:
                return OnnxJavaType.UINT8;
            case INT8:
                return OnnxJavaType.INT8;
            case INT16:
                return OnnxJavaType.INT16;
            case INT32:
                return OnnxJavaType.INT32;
            case INT64:
                return OnnxJavaType.INT64;
            case FP16:
                return OnnxJavaType.FLOAT16;
            case BF16:
                return OnnxJavaType.BFLOAT16;
            case FP32:
                return OnnxJavaType.FLOAT;
            case FP64:
                return OnnxJavaType.DOUBLE;
            default:
                throw new IllegalArgumentException(type + " tensors hold strings, not a buffer");
        }
    }

    /**
     * A short name of an ONNX element type for messages, e.g. {@code uint16}.
     *
     * @param type the ONNX element type
     * @return the name
     */
    public static String onnxName(OnnxTensorType type) {
        return type.name().substring("ONNX_TENSOR_ELEMENT_DATA_TYPE_".length()).toLowerCase(java.util.Locale.ROOT);
    }
}
