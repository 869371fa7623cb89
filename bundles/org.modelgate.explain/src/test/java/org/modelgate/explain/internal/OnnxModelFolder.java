package org.modelgate.explain.internal;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.modelgate.api.BackendInfo;
import org.modelgate.api.DataType;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.InferenceService;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.ModelState;
import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;
import org.modelgate.api.VersionEvent;
import org.modelgate.json.StrictJson;

/**
 * One model version folder (model.json + model.onnx) served by ONNX Runtime as the gateway's two client services
 * would serve it: the registry's description from model.json, inference by a real ORT session (FP32 [n,F] in, the
 * first output out). Counts the rows it ran. The core itself needs the OSGi framework; the REST and Pax Exam tests
 * run that.
 */
public final class OnnxModelFolder implements InferenceService, ModelRegistry, AutoCloseable {
    private final String name;
    private final String version;
    private final Map<String, Object> json;
    private final ModelInfo info;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    final AtomicLong rowsRun = new AtomicLong();
    final AtomicLong requests = new AtomicLong();

    @SuppressWarnings("unchecked")
    public OnnxModelFolder(Path folder) throws Exception {
        json = (Map<String, Object>) StrictJson.read(Files.readAllBytes(folder.resolve("model.json")));
        name = (String) json.get("name");
        version = (String) json.get("version");
        session = env.createSession(folder.resolve((String) json.get("file")).toString(), new OrtSession.SessionOptions());
        info = new ModelInfo(name, version, List.of(version), "onnx", "onnxruntime", ModelState.READY, null,
                specs("inputs"), specs("outputs"), (List<String>) json.getOrDefault("labels", List.of()), null);
    }

    @SuppressWarnings("unchecked")
    private List<TensorSpec> specs(String key) {
        List<TensorSpec> specs = new ArrayList<>();
        for (Object o : (List<Object>) json.get(key)) {
            Map<String, Object> m = (Map<String, Object>) o;
            List<Object> dims = (List<Object>) m.get("shape");
            long[] shape = new long[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = ((Number) dims.get(i)).longValue();
            }
            specs.add(new TensorSpec((String) m.get("name"), DataType.valueOf((String) m.get("datatype")), shape));
        }
        return specs;
    }

    @Override
    public InferenceResponse infer(String model, InferenceRequest request) {
        return infer(model, null, request);
    }

    @Override
    public InferenceResponse infer(String model, String v, InferenceRequest request) {
        if (!name.equals(model)) {
            throw new ModelNotFoundException("model '" + model + "' is not in the repository");
        }
        Tensor input = request.inputs().get(0);
        info.inputs().get(0).check(input);
        long[] shape = input.shape();
        requests.incrementAndGet();
        rowsRun.addAndGet(shape[0]);
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input.toFloatArray()), shape);
                OrtSession.Result result = session.run(Map.of(input.name(), tensor))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            FloatBuffer values = out.getFloatBuffer();
            float[] data = new float[values.remaining()];
            values.get(data);
            return new InferenceResponse(name, version, request.id(),
                    List.of(Tensor.ofFloats(info.outputs().get(0).name(), out.getInfo().getShape(), data)));
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The model's outputs on rows, as the reference needs them. */
    public double[][] outputs(float[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        Tensor out = infer(name, InferenceRequest.of(Tensor.ofFloats("input", new long[] {rows.length, rows[0].length}, flat)))
                .outputs().get(0);
        int width = (int) out.shape()[1];
        double[] all = out.toDoubleArray();
        double[][] result = new double[rows.length][width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(all, i * width, result[i], 0, width);
        }
        return result;
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(info);
    }

    @Override
    public Optional<ModelInfo> model(String n) {
        return name.equals(n) ? Optional.of(info) : Optional.empty();
    }

    @Override
    public Optional<Map<String, Object>> modelJson(String n, String v) {
        return name.equals(n) && version.equals(v) ? Optional.of(json) : Optional.empty();
    }

    @Override
    public ModelInfo load(String n) {
        return info;
    }

    @Override
    public ModelInfo load(String n, boolean force) {
        return info;
    }

    @Override
    public ModelInfo unload(String n) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ModelInfo activate(String n, String v) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ModelInfo activate(String n, String v, boolean force) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ModelInfo install(Path versionFolder) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ModelInfo rollback(String n) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ModelInfo remove(String n, String v) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<VersionEvent> history(String n) {
        return List.of();
    }

    @Override
    public List<BackendInfo> backends() {
        return List.of();
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
