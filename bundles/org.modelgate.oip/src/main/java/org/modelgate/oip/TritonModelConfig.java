package org.modelgate.oip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.modelgate.api.ChallengerInfo;
import org.modelgate.api.DataType;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.TensorSpec;

/**
 * Triton's model configuration extension: a model's configuration as Triton writes its {@code config.pbtxt}, made
 * from what the registry knows (model.json and the loaded signature), for every transport that serves it (REST's
 * {@code /v2/models/{name}/config}, gRPC's {@code ModelConfig}).
 *
 * <p>{@code max_batch_size} is model.json's {@code "max_batch_size"} when it has one (then, as in Triton, the dims
 * leave out the first, batch, dimension), else 0: the model does not batch and the dims are the whole shape, -1 for a
 * free dimension. A model that batches (model.json {@code "batching"}) has Triton's {@code dynamic_batching}
 * ({@code preferred_batch_size}, {@code max_queue_delay_microseconds}) and its {@code max_batch} as
 * {@code max_batch_size}. The version policy lists the versions loaded: the active one, and a traffic policy's
 * challenger.
 *
 * <pre>
 * Map&lt;String, Object&gt; config = TritonModelConfig.of(registry, "iris", null);
 * config.get("max_batch_size"); // 0
 * TritonModelConfig.tritonType(DataType.FP32); // "TYPE_FP32"
 * </pre>
 *
 * @since 1.4
 */
public final class TritonModelConfig {
    private TritonModelConfig() {
    }

    /**
     * The configuration of a model, as JSON-ready maps: {@code name}, {@code platform}, {@code backend},
     * {@code version_policy} ({@code {"specific": {"versions": [...]}}}), {@code max_batch_size}, {@code input} and
     * {@code output} ({@code name}, {@code data_type} as {@code TYPE_*}, {@code dims}), {@code dynamic_batching} when
     * the model batches, {@code parameters.labels} when it has labels.
     *
     * @param registry the models and their model.json
     * @param model the model's name
     * @param version a version, or null or "" for the active one
     * @return the configuration
     * @throws ModelNotFoundException for an unknown model or version, or a version other than the active one that has
     *         no model.json
     */
    public static Map<String, Object> of(ModelRegistry registry, String model, String version) {
        ModelInfo info = find(registry, model, version);
        boolean asked = version != null && !version.isEmpty();
        String described = asked ? version : info.version();
        Map<String, Object> json = described == null ? Map.of()
                : registry.modelJson(info.name(), described).orElse(Map.of());
        if (json.isEmpty() && asked && !version.equals(info.version())) {
            throw new ModelNotFoundException("model '" + info.name() + "' has no model.json for version '" + version + "'");
        }
        return of(info, json, registry.challenger(info.name()).map(ChallengerInfo::version).orElse(null));
    }

    /**
     * Triton's config type names: {@code TYPE_FP32}, and {@code TYPE_STRING} for BYTES.
     *
     * @param type a tensor datatype
     * @return its name in a Triton model configuration
     */
    public static String tritonType(DataType type) {
        return type == DataType.BYTES ? "TYPE_STRING" : "TYPE_" + type.name();
    }

    /** The model, checked to have {@code version} when one is given; the messages every transport answers with. */
    static ModelInfo find(ModelRegistry registry, String model, String version) {
        ModelInfo info = registry.model(model)
                .orElseThrow(() -> new ModelNotFoundException("model '" + model + "' is not in the repository"));
        if (version != null && !version.isEmpty() && !info.versions().contains(version)) {
            throw new ModelNotFoundException("model '" + info.name() + "' has no version '" + version
                    + "'; its versions are " + String.join(", ", info.versions()));
        }
        return info;
    }

    private static Map<String, Object> of(ModelInfo model, Map<String, Object> modelJson, String challenger) {
        Map<?, ?> batching = modelJson.get("batching") instanceof Map<?, ?> b ? b : null;
        int maxBatch = modelJson.get("max_batch_size") instanceof Number n && n.intValue() > 0 ? n.intValue()
                : batching != null && batching.get("max_batch") instanceof Number m ? m.intValue() : 0;
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", model.name());
        config.put("platform", model.format() == null ? "" : (model.backend() == null ? model.format()
                : model.backend() + "_" + model.format()));
        config.put("backend", model.backend() == null ? "" : model.backend());
        List<String> loaded = new ArrayList<>();
        if (model.version() != null) {
            loaded.add(model.version());
        }
        if (challenger != null && !loaded.contains(challenger)) {
            loaded.add(challenger);
        }
        config.put("version_policy", Map.of("specific", Map.of("versions", loaded)));
        config.put("max_batch_size", maxBatch);
        config.put("input", tensors(model.inputs(), maxBatch > 0));
        config.put("output", tensors(model.outputs(), maxBatch > 0));
        if (batching != null) {
            Map<String, Object> dynamic = new LinkedHashMap<>();
            dynamic.put("preferred_batch_size", batching.get("preferred_sizes") instanceof List<?> sizes ? sizes : List.of());
            dynamic.put("max_queue_delay_microseconds", batching.get("max_queue_delay_us") instanceof Number d
                    ? d.longValue() : 100L);
            config.put("dynamic_batching", dynamic);
        }
        if (!model.labels().isEmpty()) {
            config.put("parameters", Map.of("labels", Map.of("string_value", String.join(",", model.labels()))));
        }
        return config;
    }

    private static List<Map<String, Object>> tensors(List<TensorSpec> specs, boolean batched) {
        List<Map<String, Object>> tensors = new ArrayList<>();
        for (TensorSpec spec : specs) {
            long[] shape = spec.shape();
            long[] dims = batched && shape.length > 0 ? Arrays.copyOfRange(shape, 1, shape.length) : shape;
            Map<String, Object> tensor = new LinkedHashMap<>();
            tensor.put("name", spec.name());
            tensor.put("data_type", tritonType(spec.dataType()));
            List<Long> list = new ArrayList<>();
            for (long dim : dims) {
                list.add(dim);
            }
            tensor.put("dims", list);
            tensors.add(tensor);
        }
        return tensors;
    }
}
