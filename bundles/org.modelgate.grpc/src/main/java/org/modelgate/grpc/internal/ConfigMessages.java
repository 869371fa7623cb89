package org.modelgate.grpc.internal;

import java.util.List;
import java.util.Map;

import org.modelgate.grpc.internal.proto.DataType;
import org.modelgate.grpc.internal.proto.ModelConfig;
import org.modelgate.grpc.internal.proto.ModelConfigResponse;
import org.modelgate.grpc.internal.proto.ModelDynamicBatching;
import org.modelgate.grpc.internal.proto.ModelInput;
import org.modelgate.grpc.internal.proto.ModelOutput;
import org.modelgate.grpc.internal.proto.ModelParameter;
import org.modelgate.oip.TritonModelConfig;

/**
 * A model's configuration, as {@link TritonModelConfig} makes it for REST's {@code /config}, written into Triton's
 * {@code ModelConfig} message. The version policy stays out: Triton numbers versions (int64), Modelgate's are strings
 * such as {@code 1.0.0}.
 */
final class ConfigMessages {
    private ConfigMessages() {
    }

    static ModelConfigResponse of(Map<String, Object> json) {
        ModelConfig.Builder config = ModelConfig.newBuilder()
                .setName((String) json.get("name"))
                .setPlatform((String) json.get("platform"))
                .setBackend((String) json.get("backend"))
                .setMaxBatchSize(((Number) json.get("max_batch_size")).intValue());
        for (Object tensor : (List<?>) json.get("input")) {
            Map<?, ?> input = (Map<?, ?>) tensor;
            config.addInput(ModelInput.newBuilder().setName((String) input.get("name"))
                    .setDataType(DataType.valueOf((String) input.get("data_type"))).addAllDims(dims(input)));
        }
        for (Object tensor : (List<?>) json.get("output")) {
            Map<?, ?> output = (Map<?, ?>) tensor;
            config.addOutput(ModelOutput.newBuilder().setName((String) output.get("name"))
                    .setDataType(DataType.valueOf((String) output.get("data_type"))).addAllDims(dims(output)));
        }
        if (json.get("dynamic_batching") instanceof Map<?, ?> batching) {
            ModelDynamicBatching.Builder dynamic = ModelDynamicBatching.newBuilder()
                    .setMaxQueueDelayMicroseconds(((Number) batching.get("max_queue_delay_microseconds")).longValue());
            for (Object size : (List<?>) batching.get("preferred_batch_size")) {
                dynamic.addPreferredBatchSize(((Number) size).intValue());
            }
            config.setDynamicBatching(dynamic);
        }
        if (json.get("parameters") instanceof Map<?, ?> parameters) {
            parameters.forEach((name, value) -> config.putParameters((String) name, ModelParameter.newBuilder()
                    .setStringValue(String.valueOf(((Map<?, ?>) value).get("string_value"))).build()));
        }
        return ModelConfigResponse.newBuilder().setConfig(config).build();
    }

    private static List<Long> dims(Map<?, ?> tensor) {
        return ((List<?>) tensor.get("dims")).stream().map(dim -> ((Number) dim).longValue()).toList();
    }
}
