package org.modelgate.grpc.internal;

import java.util.List;
import java.util.Map;

import org.modelgate.grpc.internal.proto.InferBatchStatistics;
import org.modelgate.grpc.internal.proto.InferStatistics;
import org.modelgate.grpc.internal.proto.ModelStatistics;
import org.modelgate.grpc.internal.proto.ModelStatisticsResponse;
import org.modelgate.grpc.internal.proto.StatisticDuration;
import org.modelgate.oip.InferenceStatistics;

/**
 * Triton's {@code model_stats} entries, as {@link InferenceStatistics} makes them for REST's {@code /stats}, written
 * into the gRPC messages field for field: the figures are taken, never computed here, so both answer alike.
 */
final class StatisticsMessages {
    private StatisticsMessages() {
    }

    static ModelStatisticsResponse of(List<Map<String, Object>> entries) {
        ModelStatisticsResponse.Builder response = ModelStatisticsResponse.newBuilder();
        for (Map<String, Object> entry : entries) {
            response.addModelStats(model(entry));
        }
        return response.build();
    }

    private static ModelStatistics model(Map<String, Object> entry) {
        Map<?, ?> stats = (Map<?, ?>) entry.get("inference_stats");
        ModelStatistics.Builder model = ModelStatistics.newBuilder()
                .setName((String) entry.get("name"))
                .setVersion(entry.get("version") == null ? "" : (String) entry.get("version"))
                .setLastInference(number(entry.get("last_inference")))
                .setInferenceCount(number(entry.get("inference_count")))
                .setExecutionCount(number(entry.get("execution_count")))
                .setInferenceStats(InferStatistics.newBuilder()
                        .setSuccess(duration(stats.get("success")))
                        .setFail(duration(stats.get("fail")))
                        .setQueue(duration(stats.get("queue")))
                        .setComputeInput(duration(stats.get("compute_input")))
                        .setComputeInfer(duration(stats.get("compute_infer")))
                        .setComputeOutput(duration(stats.get("compute_output")))
                        .setCacheHit(duration(stats.get("cache_hit")))
                        .setCacheMiss(duration(stats.get("cache_miss"))));
        for (Object size : (List<?>) entry.get("batch_stats")) {
            Map<?, ?> batch = (Map<?, ?>) size;
            model.addBatchStats(InferBatchStatistics.newBuilder()
                    .setBatchSize(number(batch.get("batch_size")))
                    .setComputeInput(duration(batch.get("compute_input")))
                    .setComputeInfer(duration(batch.get("compute_infer")))
                    .setComputeOutput(duration(batch.get("compute_output"))));
        }
        return model.build();
    }

    private static StatisticDuration duration(Object json) {
        Map<?, ?> duration = (Map<?, ?>) json;
        return StatisticDuration.newBuilder().setCount(number(duration.get("count"))).setNs(number(duration.get("ns")))
                .build();
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
