package org.modelgate.rest.internal;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.modelgate.accel.onnxruntime.session.OptimizationLevel;
import org.modelgate.api.BackendInfo;
import org.modelgate.api.DataType;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.InferenceService;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.ModelState;
import org.modelgate.api.ModelUnavailableException;
import org.modelgate.api.VersionEvent;
import org.modelgate.backend.onnxruntime.internal.OnnxRuntimeBackend;
import org.modelgate.backend.onnxruntime.internal.Threading;
import org.modelgate.spi.LoadedModel;
import org.modelgate.spi.ModelArtifact;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

/**
 * Identity graphs run by the real ONNX Runtime backend, served as the gateway's two client services serve models:
 * {@code identity-<TYPE>} ({@code y = x}, {@code [-1,3]}) for every datatype, and {@code pair} (two inputs, two
 * outputs: {@code y = x} FP32 and {@code m = n} INT64, both {@code [-1]}). Version 1.0.0 each. The core needs the
 * OSGi framework; the Pax Exam and distribution tests run that.
 */
final class IdentityModels implements InferenceService, ModelRegistry, AutoCloseable {
    static final String VERSION = "1.0.0";

    private final OnnxRuntimeBackend backend = new OnnxRuntimeBackend(config());
    private final Map<String, LoadedModel> loaded = new LinkedHashMap<>();
    private final Map<String, ModelInfo> infos = new LinkedHashMap<>();

    IdentityModels(Path folder) throws IOException {
        for (DataType type : DataType.values()) {
            GraphProto.Builder graph = GraphProto.newBuilder().setName("identity")
                    .addInput(value("x", onnxType(type), null, 3L)).addOutput(value("y", onnxType(type), null, 3L))
                    .addNode(identity("x", "y"));
            add("identity-" + type, folder, graph);
        }
        add("pair", folder, GraphProto.newBuilder().setName("pair")
                .addInput(value("x", onnxType(DataType.FP32), (Long) null)).addInput(value("n", onnxType(DataType.INT64), (Long) null))
                .addOutput(value("y", onnxType(DataType.FP32), (Long) null)).addOutput(value("m", onnxType(DataType.INT64), (Long) null))
                .addNode(identity("x", "y")).addNode(identity("n", "m")));
    }

    private void add(String name, Path folder, GraphProto.Builder graph) throws IOException {
        Path file = folder.resolve(name + ".onnx");
        Files.write(file, ModelProto.newBuilder().setIrVersion(8).setProducerName("modelgate-tests")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).setGraph(graph).build()
                .toByteArray());
        LoadedModel model = backend.load(new ModelArtifact(name, VERSION, "onnx", file, Map.of()));
        loaded.put(name, model);
        infos.put(name, new ModelInfo(name, VERSION, List.of(VERSION), "onnx", "onnxruntime", ModelState.READY, null,
                model.inputs(), model.outputs(), List.of()));
    }

    @Override
    public InferenceResponse infer(String model, InferenceRequest request) {
        return infer(model, null, request);
    }

    @Override
    public InferenceResponse infer(String model, String version, InferenceRequest request) {
        LoadedModel run = loaded.get(model);
        if (run == null) {
            throw new ModelNotFoundException("model '" + model + "' is not in the repository");
        }
        if (version != null && !version.equals(VERSION)) {
            throw new ModelUnavailableException("version " + version + " of model '" + model + "' is not loaded");
        }
        return new InferenceResponse(model, VERSION, request.id(), run.run(request.inputs(), request.outputs()));
    }

    @Override
    public List<ModelInfo> models() {
        return List.copyOf(infos.values());
    }

    @Override
    public Optional<ModelInfo> model(String name) {
        return Optional.ofNullable(infos.get(name));
    }

    @Override
    public Optional<Map<String, Object>> modelJson(String name, String version) {
        return infos.containsKey(name) && VERSION.equals(version)
                ? Optional.of(Map.of("name", name, "version", VERSION, "file", name + ".onnx"))
                : Optional.empty();
    }

    @Override
    public ModelInfo load(String name) {
        return infos.get(name);
    }

    @Override
    public ModelInfo load(String name, boolean force) {
        return infos.get(name);
    }

    @Override
    public ModelInfo unload(String name) {
        throw new UnsupportedOperationException();
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

    @Override
    public void close() {
        loaded.values().forEach(LoadedModel::close);
    }

    /** ONNX's TensorProto.DataType number of a Modelgate type. */
    private static int onnxType(DataType type) {
        switch (type) {
            case FP32: return 1;
            case UINT8: return 2;
            case INT8: return 3;
            case INT16: return 5;
            case INT32: return 6;
            case INT64: return 7;
            case BYTES: return 8;
            case BOOL: return 9;
            case FP16: return 10;
            case FP64: return 11;
            case BF16: return 16;
            default: throw new IllegalArgumentException(type.toString());
        }
    }

    private static NodeProto identity(String input, String output) {
        return NodeProto.newBuilder().setOpType("Identity").addInput(input).addOutput(output).build();
    }

    /** A tensor value; a null dimension is left open. */
    private static ValueInfoProto value(String name, int elemType, Long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int i = 0; i < dims.length; i++) {
            shape.addDim(dims[i] == null
                    ? TensorShapeProto.Dimension.newBuilder().setDimParam(name + "_dim" + i)
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(dims[i]));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))).build();
    }

    /** One intra-op thread, pools per session: the machine is shared. */
    private static OnnxRuntimeBackend.Config config() {
        return new OnnxRuntimeBackend.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return OnnxRuntimeBackend.Config.class;
            }

            @Override
            public int intraOpThreads() {
                return 1;
            }

            @Override
            public int interOpThreads() {
                return 0;
            }

            @Override
            public OptimizationLevel optimizationLevel() {
                return OptimizationLevel.ALL;
            }

            @Override
            public boolean allowSpinning() {
                return false;
            }

            @Override
            public Threading threading() {
                return Threading.PER_SESSION;
            }
        };
    }
}
