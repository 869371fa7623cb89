package org.modelgate.console.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.modelgate.api.BackendInfo;
import org.modelgate.api.DataType;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.InferenceService;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.ModelState;
import org.modelgate.api.ModelUnavailableException;
import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;

/**
 * An in-memory core for the console tests: "iris" doubles its features, "corrupt" cannot load.
 */
class FakeCore implements InferenceService, ModelRegistry {
    private final Map<String, ModelInfo> models = new LinkedHashMap<>();
    /** What {@link #safeMode()} answers; {@link #leaveSafeMode()} sets it back to OFF. */
    org.modelgate.api.SafeMode safeMode = org.modelgate.api.SafeMode.OFF;

    FakeCore() {
        put("iris", "1.1.0", List.of("1.0.0", "1.1.0"), ModelState.READY, null, List.of("setosa", "versicolor"));
        put("digits", "2.0.0", List.of("2.0.0"), ModelState.UNLOADED, null, List.of());
        put("corrupt", "1.0.0", List.of("1.0.0"), ModelState.FAILED, "model.onnx is not an ONNX file", List.of());
    }

    void put(String name, String version, List<String> versions, ModelState state, String reason, List<String> labels) {
        models.put(name, new ModelInfo(name, version, versions, "onnx", state == ModelState.READY ? "onnxruntime" : null,
                state, reason, List.of(new TensorSpec("features", DataType.FP32, new long[] {-1, 4})),
                List.of(new TensorSpec("doubled", DataType.FP32, new long[] {-1, 4})), labels));
    }

    /** A READY model served in a model host process. */
    void putHosted(String name, String version, org.modelgate.api.ModelHostInfo host) {
        models.put(name, new ModelInfo(name, version, List.of(version), "onnx", "onnxruntime", ModelState.READY, null,
                List.of(new TensorSpec("features", DataType.FP32, new long[] {-1, 4})),
                List.of(new TensorSpec("doubled", DataType.FP32, new long[] {-1, 4})), List.of(), null, host));
    }

    @Override
    public InferenceResponse infer(String model, InferenceRequest request) {
        return infer(model, null, request);
    }

    @Override
    public InferenceResponse infer(String model, String version, InferenceRequest request) {
        ModelInfo info = known(model);
        if (!info.isReady()) {
            throw new ModelUnavailableException("model '" + model + "' is " + info.state() + "; load it first");
        }
        Tensor features = request.inputs().get(0);
        float[] values = features.toFloatArray();
        for (int i = 0; i < values.length; i++) {
            values[i] *= 2;
        }
        return new InferenceResponse(model, info.version(), request.id(),
                List.of(Tensor.ofFloats("doubled", features.shape(), values)));
    }

    @Override
    public List<ModelInfo> models() {
        return List.copyOf(models.values());
    }

    @Override
    public Optional<ModelInfo> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    @Override
    public ModelInfo load(String name) {
        ModelInfo m = known(name);
        if (m.state() == ModelState.FAILED) {
            throw new ModelLoadException("model '" + name + "' cannot be loaded: " + m.reason());
        }
        put(name, m.version(), m.versions(), ModelState.READY, null, m.labels());
        return models.get(name);
    }

    @Override
    public ModelInfo unload(String name) {
        ModelInfo m = known(name);
        put(name, m.version(), m.versions(), ModelState.UNLOADED, null, m.labels());
        return models.get(name);
    }

    @Override
    public ModelInfo load(String name, boolean force) {
        lastForce = force;
        return load(name);
    }

    @Override
    public ModelInfo activate(String name, String version, boolean force) {
        lastForce = force;
        return activate(name, version);
    }

    /** Whether the last load or activation was forced. */
    volatile boolean lastForce;

    @Override
    public ModelInfo activate(String name, String version) {
        ModelInfo m = known(name);
        if (!m.versions().contains(version)) {
            throw new ModelNotFoundException("model '" + name + "' has no version '" + version + "'");
        }
        put(name, version, m.versions(), ModelState.READY, null, m.labels());
        lastOperator = org.modelgate.api.Operator.current().orElse(null);
        return models.get(name);
    }

    /** The operator the last activation was made for, as the core's audit trail would see it. */
    volatile String lastOperator;

    @Override
    public ModelInfo install(java.nio.file.Path versionFolder) {
        throw new org.modelgate.api.VersionRefusedException("this test gateway installs nothing: " + versionFolder);
    }

    @Override
    public ModelInfo rollback(String name) {
        throw new org.modelgate.api.VersionRefusedException("model '" + name + "' has no earlier committed version");
    }

    @Override
    public ModelInfo remove(String name, String version) {
        throw new org.modelgate.api.VersionRefusedException("model '" + name + "' " + version + " is the committed version");
    }

    @Override
    public List<org.modelgate.api.VersionEvent> history(String name) {
        return List.of();
    }

    @Override
    public List<BackendInfo> backends() {
        return List.of(new BackendInfo("onnxruntime", "1.23.2", Set.of("onnx", "ort"),
                "org.modelgate.backend.onnxruntime", 1));
    }

    private ModelInfo known(String name) {
        ModelInfo m = models.get(name);
        if (m == null) {
            throw new ModelNotFoundException("model '" + name + "' is not in the repository");
        }
        return m;
    }

    @Override
    public org.modelgate.api.SafeMode safeMode() {
        return safeMode;
    }

    @Override
    public org.modelgate.api.SafeMode leaveSafeMode() {
        org.modelgate.api.SafeMode before = safeMode;
        safeMode = org.modelgate.api.SafeMode.OFF;
        return before;
    }
}
