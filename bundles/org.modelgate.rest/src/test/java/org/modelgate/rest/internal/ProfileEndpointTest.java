package org.modelgate.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Feature: Modelgate's profiling extension, {@code /v2/models/{name}/profile}, over real HTTP: POST profiles and
 * answers the report, GET answers the last one; mistakes are 4xx with {"error"} and the server keeps serving.
 */
class ProfileEndpointTest extends OipEndpointSteps {
    private static final String ENERGY = "\"energy\":{\"joules_per_inference\":0.0025,\"watts\":45.0,"
            + "\"meters\":[\"rapl package-0 (intel-rapl:0)\",\"rapl dram (intel-rapl:0:2)\"]}";

    private static final String REPORT = "{\"model\":\"iris\",\"version\":\"1.1.0\",\"runs\":%d,"
            + "\"started\":\"2026-01-02T03:04:05Z\",\"candidates\":["
            + "{\"backend\":\"onnxruntime\",\"driver\":\"cpu\",\"threads\":2,\"status\":\"ok\",\"load_ms\":12.5,"
            + "\"p50_ms\":0.05,\"p99_ms\":0.125,\"throughput\":18000.0,\"memory_mib\":1.5,"
            + ENERGY + "},"
            + "{\"backend\":\"onnxruntime\",\"driver\":\"npu\",\"threads\":2,\"status\":\"failed\",\"load_ms\":0.0,"
            + "\"reason\":\"load failed: no NPU\"}],"
            + "\"winner\":{\"backend\":\"onnxruntime\",\"driver\":\"cpu\",\"threads\":2,\"status\":\"ok\",\"load_ms\":12.5,"
            + "\"p50_ms\":0.05,\"p99_ms\":0.125,\"throughput\":18000.0,\"memory_mib\":1.5,"
            + ENERGY + "},"
            + "\"plan\":\"/repo/iris/plan.json\",\"outcome\":\"winner onnxruntime/cpu/2 threads\"}";

    @Test
    void postingProfilesTheModelAndGettingAnswersTheLastReport() throws Exception {
        whenGetting("/v2/models/iris/profile");
        thenErrorIs(404, "model 'iris' has not been profiled since the gateway started; POST /v2/models/iris/profile "
                + "profiles it");

        whenPosting("/v2/models/iris/profile", "{\"runs\": 7}");
        thenStatusIs(200);
        thenBodyIs(String.format(REPORT, 7));

        whenGetting("/v2/models/iris/profile");
        thenStatusIs(200);
        thenBodyIs(String.format(REPORT, 7));
    }

    @Test
    void anEmptyBodyTakesTheDefaultRuns() throws Exception {
        whenPosting("/v2/models/iris/profile", "");
        thenStatusIs(200);
        assertThat(server.gateway.calls).containsExactly("profile iris 50");
    }

    @Test
    void mistakesAreClearErrorsAndTheServerKeepsServing() throws Exception {
        whenPosting("/v2/models/nope/profile", "");
        thenErrorIs(404, "model 'nope' is not in the repository");
        whenGetting("/v2/models/nope/profile");
        thenErrorIs(404, "model 'nope' is not in the repository");
        whenPosting("/v2/models/iris/profile", "{\"runs\": \"many\"}");
        thenErrorIs(400, "\"runs\" must be a whole number, got many");
        whenPosting("/v2/models/iris/profile", "{\"runs\": 0}");
        thenErrorIs(400, "runs must be between 1 and 100000, got 0");
        whenPosting("/v2/models/iris/profile", "{\"iterations\": 3}");
        thenErrorIs(400, "unknown field \"iterations\" in the profile request; it takes \"runs\"");
        whenPosting("/v2/models/iris/profile", "{\"runs\":");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("{\"error\":\"the profile request body is not valid JSON: ");
        whenPosting("/v2/models/iris/profile", "[1]");
        thenErrorIs(400, "the profile request body must be a JSON object such as {\"runs\": 100}");
        server.gateway.profiling = true;
        whenPosting("/v2/models/iris/profile", "");
        thenErrorIs(409, "model 'digits' is being profiled; one profile runs at a time, try again when it has finished");
        whenPosting("/v2/models/iris/versions/1.0.0/profile", "");
        assertThat(response.statusCode()).isEqualTo(404);
        thenTheServerStillServes();
    }

    @Test
    void otherMethodsAreNotAllowed() throws Exception {
        response = server.send("DELETE", "/v2/models/iris/profile", "");
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST, GET");
    }
}
