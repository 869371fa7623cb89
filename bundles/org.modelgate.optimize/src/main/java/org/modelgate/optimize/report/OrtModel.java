package org.modelgate.optimize.report;

import java.io.IOException;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import org.modelgate.optimize.OptimizationException;

/**
 * An ONNX model loaded in ONNX Runtime on this machine's CPU, run on reference samples: what the reports measure
 * with. Not for the gateway's hot path (it converts through doubles).
 *
 * <pre>
 * try (OrtModel model = OrtModel.open(Path.of("model.onnx"), 1)) {
 *     List&lt;Tensor&gt; outputs = model.run(sample);
 * }
 * </pre>
 */
public final class OrtModel implements AutoCloseable {
    private final Path file;
    private final OrtEnvironment env;
    private final OrtSession session;

    private OrtModel(Path file, OrtEnvironment env, OrtSession session) {
        this.file = file;
        this.env = env;
        this.session = session;
    }

    /**
     * Loads a model with ONNX Runtime's full graph optimizations.
     *
     * @param file the ONNX file
     * @param threads intra-op threads; 0 for ONNX Runtime's default (all cores)
     * @return the loaded model
     * @throws OptimizationException when ONNX Runtime cannot load it (the message is ONNX Runtime's)
     */
    public static OrtModel open(Path file, int threads) throws OptimizationException {
        try {
            OrtNatives.prepare();
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                if (threads > 0) {
                    options.setIntraOpNumThreads(threads);
                }
                return new OrtModel(file, env, env.createSession(file.toString(), options));
            }
        } catch (OrtException e) {
            throw new OptimizationException("ONNX Runtime cannot load " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new OptimizationException("cannot unpack ONNX Runtime's natives from "
                    + System.getProperty(OrtNatives.NATIVES_PROPERTY) + ": " + e.getMessage(), e);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new OptimizationException("ONNX Runtime is not usable here (" + e.getMessage() + "): run mgopt from the"
                    + " distribution's bin/mgopt, which brings its natives", e);
        }
    }

    /**
     * The model's input names, in order.
     *
     * @return the names
     */
    public List<String> inputNames() {
        return new ArrayList<>(session.getInputNames());
    }

    /**
     * The model's output names, in order.
     *
     * @return the names
     */
    public List<String> outputNames() {
        return new ArrayList<>(session.getOutputNames());
    }

    /**
     * Runs the model on a sample.
     *
     * @param sample the inputs (the model's inputs that the sample lacks are an error)
     * @return every output, in the model's order, as FP32 or INT64 tensors
     * @throws OptimizationException when the sample does not fit the model or ONNX Runtime fails
     */
    public List<Tensor> run(Sample sample) throws OptimizationException {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            for (String name : session.getInputNames()) {
                Tensor tensor = sample.input(name).orElseThrow(() -> new OptimizationException("the sample has no input '"
                        + name + "' of " + file.getFileName() + " (it has " + sample.inputs() + ")"));
                inputs.put(name, onnx(tensor, name));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                List<Tensor> outputs = new ArrayList<>();
                for (Map.Entry<String, OnnxValue> entry : result) {
                    outputs.add(tensor(entry.getKey(), entry.getValue()));
                }
                return outputs;
            }
        } catch (OrtException e) {
            throw new OptimizationException("ONNX Runtime cannot run " + file.getFileName() + " on the sample: "
                    + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * Runs the model once on prepared inputs, for timing.
     *
     * @param inputs tensors made by {@link #prepare(Sample)}
     * @throws OptimizationException when ONNX Runtime fails
     */
    void runPrepared(Map<String, OnnxTensor> inputs) throws OptimizationException {
        try (OrtSession.Result result = session.run(inputs)) {
            result.size();
        } catch (OrtException e) {
            throw new OptimizationException("ONNX Runtime cannot run " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** The sample's tensors as ONNX Runtime tensors, made once so that timing measures the model only. */
    Map<String, OnnxTensor> prepare(Sample sample) throws OptimizationException {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            for (String name : session.getInputNames()) {
                Tensor tensor = sample.input(name).orElseThrow(() -> new OptimizationException("the sample has no input '"
                        + name + "' of " + file.getFileName()));
                inputs.put(name, onnx(tensor, name));
            }
            return inputs;
        } catch (OrtException e) {
            inputs.values().forEach(OnnxTensor::close);
            throw new OptimizationException("cannot make the inputs of " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private OnnxTensor onnx(Tensor tensor, String name) throws OrtException {
        OnnxJavaType type = ((TensorInfo) session.getInputInfo().get(name).getInfo()).type;
        long[] shape = tensor.shape();
        double[] data = tensor.data();
        switch (type) {
            case INT64:
                return OnnxTensor.createTensor(env, LongBuffer.wrap(tensor.longs()), shape);
            case INT32: {
                int[] values = new int[data.length];
                for (int i = 0; i < data.length; i++) {
                    values[i] = (int) data[i];
                }
                return OnnxTensor.createTensor(env, IntBuffer.wrap(values), shape);
            }
            case DOUBLE:
                return OnnxTensor.createTensor(env, DoubleBuffer.wrap(data.clone()), shape);
            default:
                return OnnxTensor.createTensor(env, FloatBuffer.wrap(tensor.floats()), shape);
        }
    }

    private static Tensor tensor(String name, OnnxValue value) throws OptimizationException {
        if (!(value instanceof OnnxTensor t)) {
            throw new OptimizationException("output '" + name + "' is not a tensor (" + value.getInfo() + ")");
        }
        TensorInfo info = t.getInfo();
        long[] shape = info.getShape();
        double[] data;
        String datatype;
        switch (info.type) {
            case FLOAT: {
                FloatBuffer b = t.getFloatBuffer();
                data = new double[b.remaining()];
                for (int i = 0; i < data.length; i++) {
                    data[i] = b.get(i);
                }
                datatype = "FP32";
                break;
            }
            case DOUBLE: {
                DoubleBuffer b = t.getDoubleBuffer();
                data = new double[b.remaining()];
                b.get(data);
                datatype = "FP64";
                break;
            }
            case INT64: {
                LongBuffer b = t.getLongBuffer();
                data = new double[b.remaining()];
                for (int i = 0; i < data.length; i++) {
                    data[i] = b.get(i);
                }
                datatype = "INT64";
                break;
            }
            case INT32: {
                IntBuffer b = t.getIntBuffer();
                data = new double[b.remaining()];
                for (int i = 0; i < data.length; i++) {
                    data[i] = b.get(i);
                }
                datatype = "INT32";
                break;
            }
            default:
                throw new OptimizationException("output '" + name + "' is " + info.type + ", which the report does not compare");
        }
        return new Tensor(name, datatype, shape, data);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // Closing releases native memory; a failure here leaves nothing to act on.
        }
    }
}
