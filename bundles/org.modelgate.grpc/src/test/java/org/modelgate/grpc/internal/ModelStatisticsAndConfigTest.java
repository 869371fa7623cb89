package org.modelgate.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.modelgate.api.BatchStatistics;
import org.modelgate.grpc.internal.proto.DataType;
import org.modelgate.grpc.internal.proto.InferBatchStatistics;
import org.modelgate.grpc.internal.proto.InferStatistics;
import org.modelgate.grpc.internal.proto.ModelConfig;
import org.modelgate.grpc.internal.proto.ModelConfigRequest;
import org.modelgate.grpc.internal.proto.ModelStatistics;
import org.modelgate.grpc.internal.proto.ModelStatisticsRequest;
import org.modelgate.grpc.internal.proto.StatisticDuration;
import org.modelgate.oip.TritonModelConfig;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Feature: Triton's statistics and model configuration extensions over gRPC (ModelStatistics, ModelConfig) count and
 * describe what REST's {@code /v2/models/{name}/stats} and {@code /config} do, from the same table and the same
 * mapping (the oip bundle's), so both answer the same figures at the same moment.
 */
class ModelStatisticsAndConfigTest {
    private final GrpcFixture grpc = new GrpcFixture(64 * 1024 * 1024);

    @AfterEach
    void stop() throws InterruptedException {
        grpc.close();
    }

    @Test
    void inferencesAndAFailureAreCountedForTheVersionThatServed() {
        givenInferences(3);
        givenABadRequest();

        ModelStatistics echo = whenAskingStatistics("echo", "");

        assertThat(echo.getName()).isEqualTo("echo");
        assertThat(echo.getVersion()).isEqualTo("2");
        assertThat(echo.getInferenceCount()).isEqualTo(3);
        assertThat(echo.getExecutionCount()).as("no batcher: each request one run").isEqualTo(3);
        assertThat(echo.getLastInference()).isGreaterThan(0);
        InferStatistics stats = echo.getInferenceStats();
        assertThat(stats.getSuccess().getCount()).isEqualTo(3);
        assertThat(stats.getFail().getCount()).isEqualTo(1);
        assertThat(stats.getFail().getNs()).isGreaterThan(0);
        assertThat(stats.getQueue().getCount()).isZero();
        assertThat(stats.getComputeInput().getCount()).isEqualTo(3);
        assertThat(stats.getComputeInfer().getCount()).isEqualTo(3);
        assertThat(stats.getComputeOutput().getCount()).isEqualTo(3);
        assertThat(stats.getSuccess().getNs()).as("a success lasts its reading, its run and its writing")
                .isEqualTo(stats.getComputeInput().getNs() + stats.getComputeInfer().getNs()
                        + stats.getComputeOutput().getNs())
                .isGreaterThan(0);
        assertThat(echo.getBatchStatsList()).isEmpty();
    }

    @Test
    void theFiguresAreThoseRestsStatsMappingGivesAtTheSameMoment() {
        givenInferences(2);
        givenABadRequest();

        ModelStatistics echo = whenAskingStatistics("echo", "");
        List<Map<String, Object>> rest = grpc.statistics.modelStats(grpc.gateway, "echo", null);

        assertThat(rest).hasSize(1);
        Map<String, Object> entry = rest.get(0);
        assertThat(echo.getName()).isEqualTo(entry.get("name"));
        assertThat(echo.getVersion()).isEqualTo(entry.get("version"));
        assertThat(echo.getLastInference()).isEqualTo(entry.get("last_inference"));
        assertThat(echo.getInferenceCount()).isEqualTo(entry.get("inference_count"));
        assertThat(echo.getExecutionCount()).isEqualTo(entry.get("execution_count"));
        Map<?, ?> stats = (Map<?, ?>) entry.get("inference_stats");
        InferStatistics grpcStats = echo.getInferenceStats();
        assertThat(json(grpcStats.getSuccess())).isEqualTo(stats.get("success"));
        assertThat(json(grpcStats.getFail())).isEqualTo(stats.get("fail"));
        assertThat(json(grpcStats.getQueue())).isEqualTo(stats.get("queue"));
        assertThat(json(grpcStats.getComputeInput())).isEqualTo(stats.get("compute_input"));
        assertThat(json(grpcStats.getComputeInfer())).isEqualTo(stats.get("compute_infer"));
        assertThat(json(grpcStats.getComputeOutput())).isEqualTo(stats.get("compute_output"));
    }

    @Test
    void aVersionThatBatchesShowsItsQueueAndItsRunsPerBatchSize() {
        givenInferences(2);
        grpc.gateway.batchStatistics.put("echo", List.of(new BatchStatistics("echo", "2", 8, 12, 36_000,
                List.of(new BatchStatistics.BatchSize(1, 2, 2_000), new BatchStatistics.BatchSize(4, 1, 5_000)))));

        ModelStatistics echo = whenAskingStatistics("echo", "2");

        assertThat(echo.getExecutionCount()).as("backend runs, not requests").isEqualTo(3);
        assertThat(echo.getInferenceStats().getQueue().getCount()).isEqualTo(12);
        assertThat(echo.getInferenceStats().getQueue().getNs()).isEqualTo(36_000);
        assertThat(echo.getBatchStatsList()).extracting(InferBatchStatistics::getBatchSize).containsExactly(1L, 4L);
        assertThat(echo.getBatchStats(1).getComputeInfer().getCount()).isEqualTo(1);
        assertThat(echo.getBatchStats(1).getComputeInfer().getNs()).isEqualTo(5_000);
        assertThat(echo.getBatchStats(1).getComputeInput().getNs()).as("per request, counted above").isZero();
    }

    @Test
    void anEmptyNameGivesEveryModelAndAVersionOnlyItsOwn() {
        givenInferences(1);

        List<ModelStatistics> all = grpc.client.modelStatistics(ModelStatisticsRequest.getDefaultInstance())
                .getModelStatsList();

        assertThat(all).extracting(s -> s.getName() + " " + s.getVersion()).containsExactly("echo 2");
        ModelStatistics never = whenAskingStatistics("echo", "1");
        assertThat(never.getVersion()).isEqualTo("1");
        assertThat(never.getInferenceCount()).as("installed, never served").isZero();
    }

    @Test
    void statisticsOfAnUnknownModelOrVersionAreNotFound() {
        thenNotFound(() -> whenAskingStatistics("nope", ""), "model 'nope' is not in the repository");
        thenNotFound(() -> whenAskingStatistics("echo", "7"), "model 'echo' has no version '7'; its versions are 1, 2");
        thenNotFound(() -> whenAskingConfig("nope", ""), "model 'nope' is not in the repository");
        thenNotFound(() -> whenAskingConfig("echo", "7"), "model 'echo' has no version '7'; its versions are 1, 2");
    }

    @Test
    void theConfigurationOfAModelWithoutModelJsonHasItsWholeShapes() {
        ModelConfig echo = whenAskingConfig("echo", "");

        assertThat(echo.getName()).isEqualTo("echo");
        assertThat(echo.getPlatform()).isEqualTo("onnxruntime_onnx");
        assertThat(echo.getBackend()).isEqualTo("onnxruntime");
        assertThat(echo.getMaxBatchSize()).isZero();
        assertThat(echo.getInput(0).getName()).isEqualTo("x");
        assertThat(echo.getInput(0).getDataType()).isEqualTo(DataType.TYPE_FP32);
        assertThat(echo.getInput(0).getDimsList()).as("-1 for the free dimension").containsExactly(-1L, 3L);
        assertThat(echo.getOutput(0).getDimsList()).containsExactly(-1L, 3L);
        assertThat(echo.hasDynamicBatching()).isFalse();
    }

    @Test
    void aModelThatBatchesShowsItsDynamicBatchingAndDimsWithoutTheBatchDimension() {
        grpc.gateway.modelJson.put("echo", Map.of("batching", Map.of("max_batch", 16, "preferred_sizes", List.of(4, 8, 16),
                "max_queue_delay_us", 500)));

        ModelConfig echo = whenAskingConfig("echo", "2");

        assertThat(echo.getMaxBatchSize()).isEqualTo(16);
        assertThat(echo.getDynamicBatching().getPreferredBatchSizeList()).containsExactly(4, 8, 16);
        assertThat(echo.getDynamicBatching().getMaxQueueDelayMicroseconds()).isEqualTo(500);
        assertThat(echo.getInput(0).getDimsList()).containsExactly(3L);
        Map<String, Object> rest = TritonModelConfig.of(grpc.gateway, "echo", "2");
        assertThat(rest.get("max_batch_size")).isEqualTo(echo.getMaxBatchSize());
    }

    private void givenInferences(int count) {
        for (int i = 0; i < count; i++) {
            grpc.client.modelInfer(Requests.raw("echo", "", "FP32", new long[] {1, 3}, Requests.floats(1, 2, 3)));
        }
    }

    /** 8 bytes where FP32[1,3] needs 12: INVALID_ARGUMENT, counted as a failure of the active version. */
    private void givenABadRequest() {
        assertThatThrownBy(() -> grpc.client.modelInfer(Requests.raw("echo", "", "FP32", new long[] {1, 3},
                Requests.floats(1, 2))))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    private ModelStatistics whenAskingStatistics(String model, String version) {
        List<ModelStatistics> entries = grpc.client.modelStatistics(ModelStatisticsRequest.newBuilder().setName(model)
                .setVersion(version).build()).getModelStatsList();
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }

    private ModelConfig whenAskingConfig(String model, String version) {
        return grpc.client.modelConfig(ModelConfigRequest.newBuilder().setName(model).setVersion(version).build())
                .getConfig();
    }

    private static void thenNotFound(Runnable call, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(e.getStatus().getDescription()).isEqualTo(reason);
        });
    }

    private static Map<String, Object> json(StatisticDuration duration) {
        return Map.of("count", duration.getCount(), "ns", duration.getNs());
    }
}
