package org.modelgate.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.modelgate.api.BackendInfo;
import org.modelgate.api.DataType;
import org.modelgate.api.InferenceFailedException;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.InferenceService;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.ModelState;
import org.modelgate.api.ModelUnavailableException;
import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;

/**
 * A small in-memory core for the tests: models with states, a summing "iris" model, and models that
 * fail in each documented way (and one that fails in an undocumented way, like a bug would).
 */
final class FakeGateway implements InferenceService, ModelRegistry {
    /** What {@link #safeMode()} answers. */
    volatile org.modelgate.api.SafeMode safeMode = org.modelgate.api.SafeMode.OFF;

    @Override
    public org.modelgate.api.SafeMode safeMode() {
        return safeMode;
    }
    static final TensorSpec FEATURES = new TensorSpec("features", DataType.FP32, new long[] {-1, 4});
    static final TensorSpec SUMS = new TensorSpec("sums", DataType.FP32, new long[] {-1, 1});

    private final Map<String, ModelInfo> models = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();

    FakeGateway() {
        put("iris", List.of("1.0.0", "1.1.0"), "1.1.0", ModelState.READY, null);
        put("digits", List.of("2.0.0"), "2.0.0", ModelState.UNLOADED, null);
        put("broken", List.of("1.0.0"), "1.0.0", ModelState.READY, null);
        put("buggy", List.of("1.0.0"), "1.0.0", ModelState.READY, null);
        put("corrupt", List.of("1.0.0"), "1.0.0", ModelState.FAILED, "model.onnx is not an ONNX file");
    }

    /** Adds or replaces a model. */
    void put(String name, List<String> versions, String active, ModelState state, String reason) {
        models.put(name, new ModelInfo(name, active, versions, "onnx", state == ModelState.READY ? "onnxruntime" : null,
                state, reason, List.of(FEATURES), List.of(SUMS), List.of()));
    }

    /** Adds "pixels", an image classifier (FP32[1,1,8,8] in, three class scores out): not tabular. */
    void putImageClassifier() {
        models.put("pixels", new ModelInfo("pixels", "1.0.0", List.of("1.0.0"), "onnx", "onnxruntime", ModelState.READY,
                null, List.of(new TensorSpec("image", DataType.FP32, new long[] {1, 1, 8, 8})),
                List.of(new TensorSpec("scores", DataType.FP32, new long[] {1, 3})), List.of("cat", "dog", "bird")));
    }

    /** The route key of the last inference request, or null. */
    volatile String lastRouteKey;

    void setState(String name, ModelState state) {
        ModelInfo m = models.get(name);
        put(name, m.versions(), m.version(), state, m.reason());
    }

    /** What model.json says of a model's active version (by model name); absent: no model.json. */
    final Map<String, Map<String, Object>> modelJson = new java.util.concurrent.ConcurrentHashMap<>();
    /** What the core's batchers did, per model (model.json "batching"). */
    final Map<String, List<org.modelgate.api.BatchStatistics>> batchStatistics = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public List<org.modelgate.api.BatchStatistics> batchStatistics(String name) {
        return batchStatistics.getOrDefault(name, List.of());
    }

    @Override
    public Optional<Map<String, Object>> modelJson(String name, String version) {
        ModelInfo info = models.get(name);
        return info != null && version.equals(info.version()) ? Optional.ofNullable(modelJson.get(name)) : Optional.empty();
    }

    /** The version a traffic policy runs on iris beside the active one, or null. */
    volatile String challenger;

    @Override
    public Optional<org.modelgate.api.ChallengerInfo> challenger(String name) {
        return challenger == null || !name.equals("iris") ? Optional.empty()
                : Optional.of(new org.modelgate.api.ChallengerInfo(name, challenger, "1.1.0", null, java.time.Instant.EPOCH, 0, 0));
    }

    @Override
    public InferenceResponse infer(String model, InferenceRequest request) {
        return infer(model, null, request);
    }

    @Override
    public synchronized InferenceResponse infer(String model, String version, InferenceRequest request) {
        calls.add("infer " + model + (version == null ? "" : " " + version));
        lastRouteKey = request.routeKey();
        ModelInfo info = models.get(model);
        if (info == null) {
            throw new ModelNotFoundException("model '" + model + "' is not in the repository");
        }
        if (!info.isReady()) {
            throw new ModelUnavailableException("model '" + model + "' is " + info.state() + "; load it first");
        }
        if (version != null && version.equals(challenger)) {
            info = new ModelInfo(model, version, info.versions(), info.format(), info.backend(), info.state(), null,
                    info.inputs(), info.outputs(), info.labels());
        } else if (version != null && !version.equals(info.version())) {
            throw new ModelUnavailableException("version '" + version + "' of model '" + model + "' is not loaded");
        }
        if (model.equals("broken")) {
            throw new InferenceFailedException("backend failed: out of device memory");
        }
        if (model.equals("pixels")) {
            return new InferenceResponse(model, info.version(), request.id(),
                    List.of(Tensor.ofFloats("scores", new long[] {1, 3}, 0.1f, 2f, 0.5f)));
        }
        if (model.equals("buggy")) {
            throw new IllegalStateException("secret internal detail");
        }
        Tensor features = request.inputs().stream().filter(t -> t.name().equals("features")).findFirst()
                .orElseThrow(() -> new InvalidInputException("model '" + model + "' needs input 'features' ("
                        + FEATURES.signature() + ")"));
        FEATURES.check(features);
        int rows = (int) features.shape()[0];
        float[] values = features.toFloatArray();
        float[] sums = new float[rows];
        for (int i = 0; i < values.length; i++) {
            sums[i / 4] += values[i];
        }
        return new InferenceResponse(model, info.version(), request.id(),
                List.of(Tensor.ofFloats("sums", new long[] {rows, 1}, sums)));
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
    public synchronized ModelInfo load(String name, boolean force) {
        if (force) {
            calls.add("load --force " + name);
            ModelInfo m = known(name);
            put(name, m.versions(), m.version(), ModelState.READY, null);
            return models.get(name);
        }
        return load(name);
    }

    @Override
    public synchronized ModelInfo activate(String name, String version, boolean force) {
        calls.add("activate" + (force ? " --force " : " ") + name + " " + version);
        return activate(name, version);
    }

    @Override
    public synchronized ModelInfo load(String name) {
        calls.add("load " + name);
        ModelInfo m = known(name);
        if (m.state() == ModelState.FAILED) {
            throw new ModelLoadException("model '" + name + "' cannot be loaded: " + m.reason());
        }
        setState(name, ModelState.READY);
        return models.get(name);
    }

    @Override
    public synchronized ModelInfo unload(String name) {
        calls.add("unload " + name);
        known(name);
        setState(name, ModelState.UNLOADED);
        return models.get(name);
    }

    @Override
    public synchronized ModelInfo activate(String name, String version) {
        ModelInfo m = known(name);
        if (!m.versions().contains(version)) {
            throw new ModelNotFoundException("model '" + name + "' has no version '" + version + "'");
        }
        put(name, m.versions(), version, ModelState.READY, null);
        return models.get(name);
    }

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
        return List.of(new BackendInfo("onnxruntime", "1.23.2", Set.of("onnx"), "org.modelgate.backend.onnxruntime", 1));
    }

    private ModelInfo known(String name) {
        ModelInfo m = models.get(name);
        if (m == null) {
            throw new ModelNotFoundException("model '" + name + "' is not in the repository");
        }
        return m;
    }

    /** While set, a profile is refused as if another one ran. */
    volatile boolean profiling;
    private final Map<String, org.modelgate.api.ProfileReport> profiles = new LinkedHashMap<>();

    @Override
    public synchronized org.modelgate.api.ProfileReport profile(String name, org.modelgate.api.ProfileRequest request,
            org.modelgate.api.ProfileListener progress) {
        calls.add("profile " + name + " " + request.runs());
        known(name);
        if (profiling) {
            throw new org.modelgate.api.ProfileRefusedException("model 'digits' is being profiled; one profile runs at a "
                    + "time, try again when it has finished");
        }
        org.modelgate.api.ProfileMeasurement cpu = new org.modelgate.api.ProfileMeasurement("onnxruntime", "cpu", 2, 12.5,
                0.05, 0.125, 18000, 1.5, null, org.modelgate.api.ProfileEnergy.measured(0.0025, 45.0,
                        List.of("rapl package-0 (intel-rapl:0)", "rapl dram (intel-rapl:0:2)")));
        org.modelgate.api.ProfileReport report = new org.modelgate.api.ProfileReport(name, known(name).version(),
                request.runs(), java.time.Instant.parse("2026-01-02T03:04:05Z"), List.of(cpu,
                        org.modelgate.api.ProfileMeasurement.failed("onnxruntime", "npu", 2, 0, "load failed: no NPU")),
                cpu, "/repo/" + name + "/plan.json", "winner onnxruntime/cpu/2 threads");
        profiles.put(name, report);
        return report;
    }

    @Override
    public synchronized Optional<org.modelgate.api.ProfileReport> lastProfile(String name) {
        known(name);
        return Optional.ofNullable(profiles.get(name));
    }
}
