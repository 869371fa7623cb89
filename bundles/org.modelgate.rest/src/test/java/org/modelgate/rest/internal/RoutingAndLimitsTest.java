package org.modelgate.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * Feature: unknown paths, wrong methods and oversized bodies get JSON errors, and the server carries on.
 */
class RoutingAndLimitsTest extends OipEndpointSteps {
    private static final long LIMIT = 4096;

    @Override
    long maxRequestBytes() {
        return LIMIT;
    }

    @Test
    void anUnknownPathIsNotFound() throws Exception {
        whenGetting("/v2/modelz/iris");
        thenErrorIs(404, "no Open Inference Protocol endpoint at /v2/modelz/iris");
        whenGetting("/v2/models/iris/explain");
        thenErrorIs(404, "no Open Inference Protocol endpoint at /v2/models/iris/explain");
        whenGetting("/v2/modelz/iris");
        thenErrorIs(404, "no Open Inference Protocol endpoint at /v2/modelz/iris");
        whenGetting("/v2/models/iris/infer/more");
        thenErrorIs(404, "no Open Inference Protocol endpoint at /v2/models/iris/infer/more");
        thenTheServerStillServes();
    }

    @Test
    void aWrongMethodIsNotAllowedAndSaysWhichIs() throws Exception {
        whenGetting("/v2/models/iris/infer");
        thenErrorIs(405, "method GET is not allowed on /v2/models/iris/infer; use POST");
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        whenPosting("/v2/health/live", "{}");
        thenErrorIs(405, "method POST is not allowed on /v2/health/live; use GET");
        response = server.send("DELETE", "/v2/repository/models/iris/unload", null);
        thenErrorIs(405, "method DELETE is not allowed on /v2/repository/models/iris/unload; use POST");
        thenTheServerStillServes();
    }

    @Test
    void headWorksWhereGetDoes() throws Exception {
        response = server.send("HEAD", "/v2/health/ready", null);
        thenStatusIs(200);
        thenBodyIs("");
    }

    @Test
    void aBodyOverTheLimitWithContentLengthIsRefusedBeforeReading() throws Exception {
        whenPosting("/v2/models/iris/infer", requestOfSize(3 * LIMIT));
        thenErrorIs(413, "request body is larger than the limit of 4096 bytes (maxRequestBytes of PID org.modelgate.rest)");
        assertThat(server.gateway.calls).isEmpty();
        thenTheServerStillServes();
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefused() throws Exception {
        response = server.postChunked("/v2/models/iris/infer", requestOfSize(3 * LIMIT).getBytes(StandardCharsets.UTF_8));
        thenErrorIs(413, "request body is larger than the limit of 4096 bytes (maxRequestBytes of PID org.modelgate.rest)");
        assertThat(server.gateway.calls).isEmpty();
        thenTheServerStillServes();
    }

    @Test
    void anEndlessChunkedBodyIsAnsweredWithoutBeingReadInFull() throws Exception {
        // java.net.http gives up on the response when the server closes while it still sends, so a
        // plain socket plays the client: it sends chunks on and on and reads the answer meanwhile.
        try (EndlessChunkedUpload upload = new EndlessChunkedUpload(server.port(), "/v2/models/iris/infer")) {
            String answer = upload.readAnswer();
            assertThat(answer).startsWith("HTTP/1.1 413 ");
            assertThat(answer).contains("Content-Type: application/json");
            assertThat(answer).endsWith("{\"error\":\"request body is larger than the limit of 4096 bytes"
                    + " (maxRequestBytes of PID org.modelgate.rest)\"}");
            assertThat(upload.bytesSent()).as("bytes sent before the answer").isLessThan(EndlessChunkedUpload.MAX_BYTES);
        }
        assertThat(server.gateway.calls).isEmpty();
        thenTheServerStillServes();
    }

    @Test
    void aBodyOfExactlyTheLimitIsServed() throws Exception {
        String body = requestOfSize(LIMIT);
        assertThat(body.length()).isEqualTo(LIMIT);
        whenPosting("/v2/models/iris/infer", body);
        thenStatusIs(200);
        response = server.postChunked("/v2/models/iris/infer", body.getBytes(StandardCharsets.UTF_8));
        thenStatusIs(200);
    }

    @Test
    void theLimitAppliesToRepositoryRequestsToo() throws Exception {
        whenPosting("/v2/repository/index", "{\"ready\":false,\"pad\":\"" + "x".repeat((int) LIMIT) + "\"}");
        thenStatusIs(413);
        thenTheServerStillServes();
    }

    /** A valid iris request padded with spaces to exactly {@code size} bytes. */
    private static String requestOfSize(long size) {
        String padded = IRIS_REQUEST.substring(0, IRIS_REQUEST.length() - 1);
        return padded + " ".repeat((int) (size - IRIS_REQUEST.length())) + "}";
    }
}
