package org.modelgate.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Given/when/then steps shared by the endpoint features: a fresh server and gateway per test.
 */
abstract class OipEndpointSteps {
    static final String IRIS_REQUEST = "{\"id\":\"r1\",\"inputs\":[{\"name\":\"features\",\"shape\":[2,4],"
            + "\"datatype\":\"FP32\",\"data\":[[1,2,3,4],[0.5,0.5,0.5,0.5]]}]}";
    static final String IRIS_RESPONSE = "{\"model_name\":\"iris\",\"model_version\":\"1.1.0\",\"id\":\"r1\","
            + "\"outputs\":[{\"name\":\"sums\",\"datatype\":\"FP32\",\"shape\":[2,1],\"data\":[10.0,2.0]}]}";

    OipServerFixture server;
    HttpResponse<String> response;

    long maxRequestBytes() {
        return RestConfig.DEFAULT_MAX_REQUEST_BYTES;
    }

    @BeforeEach
    void startServer() throws Exception {
        server = new OipServerFixture(maxRequestBytes());
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    void whenGetting(String path) throws Exception {
        response = server.get(path);
    }

    void whenPosting(String path, String body) throws Exception {
        response = server.post(path, body);
    }

    void thenStatusIs(int status) {
        assertThat(response.statusCode()).as("status of %s, body %s", response.uri(), response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
    }

    void thenBodyIs(String json) {
        assertThat(response.body()).isEqualTo(json);
    }

    void thenErrorIs(int status, String message) {
        thenStatusIs(status);
        thenBodyIs("{\"error\":" + quoted(message) + "}");
    }

    /** A good request still gets its answer: the bad one before it broke nothing. */
    void thenTheServerStillServes() throws Exception {
        HttpResponse<String> again = server.post("/v2/models/iris/infer", IRIS_REQUEST);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(IRIS_RESPONSE);
    }

    static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
