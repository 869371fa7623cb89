package org.modelgate.rest.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.modelgate.api.DataType;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.TensorSpec;

/**
 * Triton's model configuration extension: a model's configuration as Triton writes its {@code config.pbtxt} in JSON,
 * made from what the registry knows (model.json and the loaded signature).
 *
 * <p>{@code max_batch_size} is model.json's {@code "max_batch_size"} when it has one (then, as in Triton, the dims
 * leave out the first, batch, dimension), else 0: the model does not batch and the dims are the whole shape, -1 for a
 * free dimension. A model that batches (model.json {@code "batching"}) has Triton's {@code dynamic_batching}
 * ({@code preferred_batch_size}, {@code max_queue_delay_microseconds}) and its {@code max_batch} as
 * {@code max_batch_size}. The version policy lists the versions loaded: the active one, and a traffic policy's
 * challenger.
 */
final class ModelConfigs {
    private ModelConfigs() {
    }

    static Map<String, Object> of(ModelInfo model, Map<String, Object> modelJson, String challenger) {
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

    /** Triton's config type names: TYPE_FP32, TYPE_STRING for BYTES. */
    static String tritonType(DataType type) {
        return type == DataType.BYTES ? "TYPE_STRING" : "TYPE_" + type.name();
    }
}
