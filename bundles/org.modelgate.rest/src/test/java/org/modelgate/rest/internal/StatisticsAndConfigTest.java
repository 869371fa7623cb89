package org.modelgate.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.modelgate.api.BatchStatistics;
import org.modelgate.json.StrictJson;
import org.modelgate.oip.InferenceStatistics;

/**
 * Feature: Triton's statistics extension ({@code /v2/models/stats}, {@code /v2/models/{name}[/versions/{v}]/stats})
 * counts what the REST endpoint served, per version; the model configuration extension ({@code /config}) describes a
 * model as Triton's config does.
 */
class StatisticsAndConfigTest extends OipEndpointSteps {

    @Test
    void successesAndFailuresAreCountedForTheVersionThatServed() throws Exception {
        givenInferences(2);
        givenABadRequest();

        whenGetting("/v2/models/iris/stats");

        thenStatusIs(200);
        List<Map<String, Object>> entries = modelStats();
        assertThat(entries).hasSize(1);
        Map<String, Object> iris = entries.get(0);
        assertThat(iris).containsEntry("name", "iris").containsEntry("version", "1.1.0");
        assertThat(number(iris, "inference_count")).isEqualTo(2);
        assertThat(number(iris, "execution_count")).isEqualTo(2);
        assertThat(number(iris, "last_inference")).isGreaterThan(0);
        Map<String, Object> stats = map(iris.get("inference_stats"));
        assertThat(count(stats, "success")).isEqualTo(2);
        assertThat(count(stats, "fail")).isEqualTo(1);
        assertThat(count(stats, "queue")).isZero();
        assertThat(count(stats, "compute_input")).isEqualTo(2);
        assertThat(count(stats, "compute_infer")).isEqualTo(2);
        assertThat(count(stats, "compute_output")).isEqualTo(2);
        assertThat(ns(stats, "success")).as("a success lasts its reading, its run and its writing")
                .isEqualTo(ns(stats, "compute_input") + ns(stats, "compute_infer") + ns(stats, "compute_output"))
                .isGreaterThan(0);
        assertThat(ns(stats, "fail")).isGreaterThan(0);
    }

    @Test
    void everyModelIsListedAndEachVersionHasItsOwnCounts() throws Exception {
        server.gateway.challenger = "1.0.0";
        givenInferences(1);
        whenPosting("/v2/models/iris/versions/1.0.0/infer", IRIS_REQUEST);
        thenStatusIs(200);

        whenGetting("/v2/models/stats");
        thenStatusIs(200);
        assertThat(modelStats()).extracting(entry -> entry.get("name") + " " + entry.get("version"))
                .containsExactly("iris 1.1.0", "iris 1.0.0", "broken 1.0.0", "buggy 1.0.0");

        whenGetting("/v2/models/iris/versions/1.0.0/stats");
        thenStatusIs(200);
        assertThat(modelStats()).hasSize(1);
        assertThat(modelStats().get(0)).containsEntry("version", "1.0.0");
        assertThat(count(map(modelStats().get(0).get("inference_stats")), "success")).isEqualTo(1);
    }

    @Test
    void statisticsOfAnUnknownModelOrVersionAreNotFound() throws Exception {
        whenGetting("/v2/models/nope/stats");
        thenErrorIs(404, "model 'nope' is not in the repository");
        whenGetting("/v2/models/iris/versions/7.0.0/stats");
        thenErrorIs(404, "model 'iris' has no version '7.0.0'; its versions are 1.0.0, 1.1.0");
    }

    @Test
    void theConfigurationDescribesTheModelAsTritonDoes() throws Exception {
        whenGetting("/v2/models/iris/config");

        thenStatusIs(200);
        thenBodyIs("{\"name\":\"iris\",\"platform\":\"onnxruntime_onnx\",\"backend\":\"onnxruntime\","
                + "\"version_policy\":{\"specific\":{\"versions\":[\"1.1.0\"]}},\"max_batch_size\":0,"
                + "\"input\":[{\"name\":\"features\",\"data_type\":\"TYPE_FP32\",\"dims\":[-1,4]}],"
                + "\"output\":[{\"name\":\"sums\",\"data_type\":\"TYPE_FP32\",\"dims\":[-1,1]}]}");
    }

    @Test
    void aMaxBatchSizeInModelJsonLeavesTheBatchDimensionOutOfTheDims() throws Exception {
        server.gateway.modelJson.put("iris", Map.of("max_batch_size", 8));
        server.gateway.challenger = "1.0.0";

        whenGetting("/v2/models/iris/config");

        thenStatusIs(200);
        Map<String, Object> config = map(json());
        assertThat(config).containsEntry("max_batch_size", 8)
                .containsEntry("version_policy", Map.of("specific", Map.of("versions", List.of("1.1.0", "1.0.0"))));
        assertThat(config.get("input")).isEqualTo(List.of(Map.of("name", "features", "data_type", "TYPE_FP32", "dims", List.of(4))));
    }

    @Test
    void aVersionThatBatchesShowsItsQueueAndItsRunsPerBatchSize() throws Exception {
        givenInferences(2);
        server.gateway.batchStatistics.put("iris", List.of(new BatchStatistics("iris", "1.1.0", 8, 12, 36_000,
                List.of(new BatchStatistics.BatchSize(1, 2, 2_000), new BatchStatistics.BatchSize(4, 1, 5_000),
                        new BatchStatistics.BatchSize(6, 1, 7_000)))));

        whenGetting("/v2/models/iris/stats");

        thenStatusIs(200);
        Map<String, Object> iris = modelStats().get(0);
        assertThat(number(iris, "execution_count")).as("backend runs, not requests").isEqualTo(4);
        Map<String, Object> stats = map(iris.get("inference_stats"));
        assertThat(count(stats, "queue")).isEqualTo(12);
        assertThat(ns(stats, "queue")).isEqualTo(36_000);
        assertThat(iris.get("batch_stats")).isEqualTo(List.of(
                batchSize(1, 2, 2_000), batchSize(4, 1, 5_000), batchSize(6, 1, 7_000)));
    }

    @Test
    void aModelThatBatchesShowsItsDynamicBatching() throws Exception {
        server.gateway.modelJson.put("iris", Map.of("batching", Map.of("max_batch", 16, "preferred_sizes", List.of(4, 8, 16),
                "max_queue_delay_us", 500)));

        whenGetting("/v2/models/iris/config");

        thenStatusIs(200);
        Map<String, Object> config = map(json());
        assertThat(config).containsEntry("max_batch_size", 16).containsEntry("dynamic_batching",
                Map.of("preferred_batch_size", List.of(4, 8, 16), "max_queue_delay_microseconds", 500));
        assertThat(config.get("input")).as("dims without the batch dimension")
                .isEqualTo(List.of(Map.of("name", "features", "data_type", "TYPE_FP32", "dims", List.of(4))));
    }

    private static Map<String, Object> batchSize(int size, int count, int ns) {
        return Map.of("batch_size", size, "compute_input", Map.of("count", count, "ns", 0),
                "compute_infer", Map.of("count", count, "ns", ns), "compute_output", Map.of("count", count, "ns", 0));
    }

    @Test
    void restCountsIntoTheSharedTableThatGrpcCountsIntoToo() throws Exception {
        InferenceStatistics shared = new InferenceStatistics();
        shared.success("iris", "1.1.0", 0, 10, 30, 60); // as the gRPC service counts one inference
        server.servlet.sharedStatistics = shared;
        givenInferences(1);

        whenGetting("/v2/models/iris/stats");

        thenStatusIs(200);
        Map<String, Object> iris = modelStats().get(0);
        assertThat(number(iris, "inference_count")).as("gRPC's and REST's").isEqualTo(2);
        assertThat(count(map(iris.get("inference_stats")), "success")).isEqualTo(2);
        Map<String, Object> table = shared.modelStats(server.gateway, "iris", null).get(0);
        assertThat(number(table, "inference_count")).as("REST's inference went into the shared table").isEqualTo(2);
        assertThat(number(table, "last_inference")).isEqualTo(number(iris, "last_inference"));
    }

    @Test
    void theServerMetadataListsEveryExtensionServed() throws Exception {
        whenGetting("/v2");

        thenStatusIs(200);
        assertThat(map(json()).get("extensions")).isEqualTo(
                List.of("binary_tensor_data", "statistics", "model_configuration", "model_repository"));
    }

    private void givenInferences(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            whenPosting("/v2/models/iris/infer", IRIS_REQUEST);
            thenBodyIs(IRIS_RESPONSE);
        }
    }

    private void givenABadRequest() throws Exception {
        whenPosting("/v2/models/iris/infer", "{\"inputs\": [");
        assertThat(response.statusCode()).isEqualTo(400);
    }

    private Object json() throws Exception {
        return StrictJson.read(response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private List<Map<String, Object>> modelStats() throws Exception {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) map(json()).get("model_stats");
        return entries;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static long number(Map<String, Object> json, String key) {
        return ((Number) json.get(key)).longValue();
    }

    private static long count(Map<String, Object> stats, String key) {
        return number(map(stats.get(key)), "count");
    }

    private static long ns(Map<String, Object> stats, String key) {
        return number(map(stats.get(key)), "ns");
    }
}
