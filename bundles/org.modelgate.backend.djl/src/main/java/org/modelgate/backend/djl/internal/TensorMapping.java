package org.modelgate.backend.djl.internal;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.modelgate.api.DataType;
import org.modelgate.api.InferenceFailedException;
import org.modelgate.api.Tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.onnxruntime.engine.OrtNDArray;
import ai.onnxruntime.OrtException;

/**
 * Turns Modelgate {@link Tensor}s into DJL {@link NDArray}s and back.
 *
 * <p>Numbers cross as little-endian bytes (DJL's engines take native-order buffers, and the backend runs only
 * where that is little-endian): a direct input buffer goes to the engine as it is, a heap one is copied once
 * into a direct buffer, and an output is copied once onto the heap, so it outlives the request's NDManager.
 */
final class TensorMapping {
    private TensorMapping() {
    }

    /**
     * The DJL type of a Modelgate type.
     *
     * @param type the Modelgate type
     * @return the DJL type
     */
    static ai.djl.ndarray.types.DataType toDjl(DataType type) {
        switch (type) {
            case BOOL:
                return ai.djl.ndarray.types.DataType.BOOLEAN;
            case UINT8:
                return ai.djl.ndarray.types.DataType.UINT8;
            case INT8:
                return ai.djl.ndarray.types.DataType.INT8;
            case INT16:
                return ai.djl.ndarray.types.DataType.INT16;
            case INT32:
                return ai.djl.ndarray.types.DataType.INT32;
            case INT64:
                return ai.djl.ndarray.types.DataType.INT64;
            case FP16:
                return ai.djl.ndarray.types.DataType.FLOAT16;
            case BF16:
                return ai.djl.ndarray.types.DataType.BFLOAT16;
            case FP32:
                return ai.djl.ndarray.types.DataType.FLOAT32;
            case FP64:
                return ai.djl.ndarray.types.DataType.FLOAT64;
            case BYTES:
                return ai.djl.ndarray.types.DataType.STRING;
            default:
                throw new IllegalArgumentException("no DJL type for " + type);
        }
    }

    /**
     * The Modelgate type of a DJL type.
     *
     * @param type the DJL type
     * @return the Modelgate type, or null for types Modelgate does not carry (unsigned 16/32/64-bit, complex)
     */
    static DataType fromDjl(ai.djl.ndarray.types.DataType type) {
        switch (type) {
            case BOOLEAN:
                return DataType.BOOL;
            case UINT8:
                return DataType.UINT8;
            case INT8:
                return DataType.INT8;
            case INT16:
                return DataType.INT16;
            case INT32:
                return DataType.INT32;
            case INT64:
                return DataType.INT64;
            case FLOAT16:
                return DataType.FP16;
            case BFLOAT16:
                return DataType.BF16;
            case FLOAT32:
                return DataType.FP32;
            case FLOAT64:
                return DataType.FP64;
            case STRING:
                return DataType.BYTES;
            default:
                return null;
        }
    }

    /**
     * Creates the NDArray of an input in a manager; closing the manager frees it.
     *
     * @param manager the request's manager
     * @param tensor the input
     * @return the array, named as the tensor
     */
    static NDArray toNd(NDManager manager, Tensor tensor) {
        Shape shape = new Shape(tensor.shape());
        NDArray array;
        if (tensor.dataType() == DataType.BYTES) {
            array = manager.create(tensor.strings(), StandardCharsets.UTF_8, shape);
        } else {
            array = manager.create(direct(tensor.buffer()), shape, toDjl(tensor.dataType()));
        }
        array.setName(tensor.name());
        return array;
    }

    // DJL 0.36's OrtNDArray.toStringArray() garbles string tensors of rank 2 and more (it copies rows over each
    // other), so the strings are read from the ONNX Runtime tensor underneath, as the onnxruntime backend does.
    private static String[] strings(String name, NDArray array, long[] shape) {
        if (!(array instanceof OrtNDArray ort)) {
            return array.toStringArray(StandardCharsets.UTF_8);
        }
        try {
            String[] flat = new String[Math.toIntExact(new Shape(shape).size())];
            int filled = fill(ort.getTensor().getValue(), flat, 0);
            if (filled != flat.length) {
                throw new InferenceFailedException("string output '" + name + "' holds " + filled + " elements, expected "
                        + flat.length);
            }
            return flat;
        } catch (OrtException e) {
            throw new InferenceFailedException("string output '" + name + "' cannot be read: " + e.getMessage(), e);
        }
    }

    private static int fill(Object value, String[] flat, int at) {
        if (value instanceof String text) {
            flat[at] = text;
            return at + 1;
        }
        int next = at;
        for (int i = 0, n = Array.getLength(value); i < n; i++) {
            next = fill(Array.get(value, i), flat, next);
        }
        return next;
    }

    private static ByteBuffer direct(ByteBuffer data) {
        if (data.isDirect()) {
            return data;
        }
        ByteBuffer copy = ByteBuffer.allocateDirect(data.remaining()).order(ByteOrder.nativeOrder());
        copy.put(data).flip();
        return copy;
    }

    /**
     * Copies an output out of the engine.
     *
     * @param name the output name
     * @param array the output
     * @return the tensor, owning its data (the array may be closed afterwards)
     * @throws InferenceFailedException when the array's type is one Modelgate does not carry
     */
    static Tensor fromNd(String name, NDArray array) {
        DataType type = fromDjl(array.getDataType());
        if (type == null) {
            throw new InferenceFailedException("output '" + name + "' holds " + array.getDataType()
                    + " elements, which Modelgate does not carry");
        }
        long[] shape = array.getShape().getShape();
        if (type == DataType.BYTES) {
            return Tensor.ofStrings(name, shape, strings(name, array, shape));
        }
        // Not direct: both engines then copy the output once onto the heap, which Tensor keeps as it is.
        ByteBuffer data = array.toByteBuffer(false);
        if (data.isDirect()) {
            // a view of native memory that dies with the array: keep a heap copy
            ByteBuffer owned = ByteBuffer.allocate(data.remaining()).order(ByteOrder.LITTLE_ENDIAN);
            owned.put(data.order(ByteOrder.nativeOrder())).flip();
            data = owned;
        }
        return Tensor.of(name, type, shape, data);
    }
}
