package org.modelgate.grpc.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.modelgate.api.BackendInfo;
import org.modelgate.api.BatchStatistics;
import org.modelgate.api.DataType;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.InferenceService;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.ModelState;
import org.modelgate.api.ModelUnavailableException;
import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;
import org.modelgate.api.VersionEvent;

/**
 * A small in-memory core for the tests: "echo" (versions 1 and 2, 2 active) answers each input as an output of the
 * same name, so every datatype's bytes can be compared end to end; "sleeping" is known but unloaded. The real core
 * and ONNX Runtime serve the gRPC calls in the distribution test (GrpcPythonClientIT).
 */
final class EchoGateway implements InferenceService, ModelRegistry {
    private final Map<String, ModelInfo> models = new LinkedHashMap<>();
    /** The version each inference ran on, in order. */
    final List<String> servedVersions = new ArrayList<>();
    /** What model.json says of a model's active version (by model name); absent: no model.json. */
    final Map<String, Map<String, Object>> modelJson = new ConcurrentHashMap<>();
    /** What the core's batchers did, per model (model.json "batching"). */
    final Map<String, List<BatchStatistics>> batchStatistics = new ConcurrentHashMap<>();

    EchoGateway() {
        put("echo", ModelState.READY);
        put("sleeping", ModelState.UNLOADED);
    }

    private void put(String name, ModelState state) {
        models.put(name, new ModelInfo(name, "2", List.of("1", "2"), "onnx", "onnxruntime", state, null,
                List.of(new TensorSpec("x", DataType.FP32, new long[] {-1, 3})),
                List.of(new TensorSpec("x", DataType.FP32, new long[] {-1, 3})), List.of()));
    }

    @Override
    public synchronized InferenceResponse infer(String model, InferenceRequest request) {
        return infer(model, model(model).map(ModelInfo::version).orElse(null), request);
    }

    @Override
    public synchronized InferenceResponse infer(String model, String version, InferenceRequest request) {
        ModelInfo info = model(model).orElseThrow(() -> new ModelNotFoundException("model '" + model + "' is not in the repository"));
        if (!info.isReady()) {
            throw new ModelUnavailableException("model '" + model + "' is " + info.state());
        }
        servedVersions.add(version);
        List<Tensor> outputs = request.outputs().isEmpty() ? request.inputs()
                : request.inputs().stream().filter(t -> request.outputs().contains(t.name())).toList();
        return new InferenceResponse(model, version, request.id(), outputs);
    }

    @Override
    public synchronized List<ModelInfo> models() {
        return List.copyOf(models.values());
    }

    @Override
    public synchronized Optional<ModelInfo> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    @Override
    public Optional<Map<String, Object>> modelJson(String name, String version) {
        return model(name).filter(info -> version.equals(info.version())).map(info -> modelJson.get(name));
    }

    @Override
    public List<BatchStatistics> batchStatistics(String name) {
        return batchStatistics.getOrDefault(name, List.of());
    }

    @Override
    public ModelInfo load(String name) {
        return load(name, false);
    }

    @Override
    public synchronized ModelInfo load(String name, boolean force) {
        model(name).orElseThrow(() -> new ModelNotFoundException("model '" + name + "' is not in the repository"));
        put(name, ModelState.READY);
        return models.get(name);
    }

    @Override
    public synchronized ModelInfo unload(String name) {
        model(name).orElseThrow(() -> new ModelNotFoundException("model '" + name + "' is not in the repository"));
        put(name, ModelState.UNLOADED);
        return models.get(name);
    }

    @Override
    public ModelInfo activate(String name, String version) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ModelInfo activate(String name, String version, boolean force) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ModelInfo install(Path versionFolder) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ModelInfo rollback(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ModelInfo remove(String name, String version) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<VersionEvent> history(String name) {
        return List.of();
    }

    @Override
    public List<BackendInfo> backends() {
        return List.of();
    }
}
