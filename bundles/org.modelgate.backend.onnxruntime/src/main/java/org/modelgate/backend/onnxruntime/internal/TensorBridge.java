package org.modelgate.backend.onnxruntime.internal;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.modelgate.accel.onnxruntime.session.ElementTypes;
import org.modelgate.api.DataType;
import org.modelgate.api.InferenceFailedException;
import org.modelgate.api.Tensor;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;

/**
 * Turns Modelgate {@link Tensor}s into ONNX Runtime tensors and back, copying as little as it can.
 *
 * <p>Both sides keep numbers as little-endian bytes (ONNX Runtime uses the native order, and the
 * backend runs only where that is little-endian), so numeric data is never converted element by
 * element: a direct input buffer is handed to ONNX Runtime as it is, a heap one is copied once into
 * native memory, and an output is copied once out of native memory.
 */
final class TensorBridge {
    private TensorBridge() {
    }

    /**
     * Creates the ONNX Runtime tensor for an input; the caller closes it.
     *
     * @param env the environment
     * @param tensor the input
     * @return the ONNX Runtime tensor
     * @throws OrtException when ONNX Runtime cannot create it
     */
    static OnnxTensor toOrt(OrtEnvironment env, Tensor tensor) throws OrtException {
        DataType type = tensor.dataType();
        if (type == DataType.BYTES) {
            return OnnxTensor.createTensor(env, tensor.strings(), tensor.shape());
        }
        return OnnxTensor.createTensor(env, direct(tensor.buffer()), tensor.shape(), ElementTypes.toJavaType(type));
    }

    // ORT 1.23.2 copies a heap ByteBuffer through a typed view cast that fails for FLOAT, DOUBLE,
    // INT16/32/64 and the half floats (ClassCastException), so heap buffers are copied here instead:
    // the same single copy ORT would make.
    private static ByteBuffer direct(ByteBuffer data) {
        if (data.isDirect()) {
            return data;
        }
        ByteBuffer copy = ByteBuffer.allocateDirect(data.remaining()).order(ByteOrder.nativeOrder());
        copy.put(data).flip();
        return copy;
    }

    /**
     * Copies an ONNX Runtime output into a Modelgate tensor.
     *
     * @param name the output name
     * @param value the output value
     * @return the tensor, owning its data (the ONNX Runtime value may be closed afterwards)
     * @throws InferenceFailedException when the value is not a tensor of a type Modelgate carries
     * @throws OrtException when ONNX Runtime cannot read the strings of a string tensor
     */
    static Tensor fromOrt(String name, OnnxValue value) throws OrtException {
        if (!(value instanceof OnnxTensor)) {
            throw new InferenceFailedException("output '" + name + "' is an ONNX " + value.getType()
                    + ", not a tensor; Modelgate carries tensors only");
        }
        OnnxTensor tensor = (OnnxTensor) value;
        TensorInfo info = tensor.getInfo();
        DataType type = ElementTypes.toDataType(info.onnxType);
        if (type == null) {
            throw new InferenceFailedException("output '" + name + "' holds " + ElementTypes.onnxName(info.onnxType)
                    + " elements, which Modelgate does not carry");
        }
        long[] shape = info.getShape();
        if (type == DataType.BYTES) {
            return Tensor.ofStrings(name, shape, flatten(tensor.getValue(), Math.toIntExact(info.getNumElements())));
        }
        // getByteBuffer() is a native-order heap copy; Tensor.of keeps it without copying again.
        return Tensor.of(name, type, shape, tensor.getByteBuffer());
    }

    // ORT returns string tensors as nested String arrays (a bare String for a scalar).
    private static String[] flatten(Object value, int count) {
        String[] flat = new String[count];
        int filled = fill(value, flat, 0);
        if (filled != count) {
            throw new InferenceFailedException("string output holds " + filled + " elements, expected " + count);
        }
        return flat;
    }

    private static int fill(Object value, String[] flat, int at) {
        if (value instanceof String) {
            flat[at] = (String) value;
            return at + 1;
        }
        int next = at;
        for (int i = 0, n = Array.getLength(value); i < n; i++) {
            next = fill(Array.get(value, i), flat, next);
        }
        return next;
    }
}
