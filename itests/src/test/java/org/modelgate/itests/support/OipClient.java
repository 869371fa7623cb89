package org.modelgate.itests.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * An Open Inference Protocol client over plain HTTP, for tests inside the container; it does not use
 * the Modelgate codec, so it checks the wire format rather than trusting it.
 */
public final class OipClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    /**
     * A client for the HTTP port the container was started with ({@link Platform#HTTP_PORT}).
     */
    public OipClient() {
        this.base = "http://127.0.0.1:" + Integer.getInteger(Platform.HTTP_PORT);
    }

    /**
     * A reply: status, content type and body.
     *
     * @param status the HTTP status
     * @param contentType the Content-Type header, or ""
     * @param body the body as text
     */
    public record Reply(int status, String contentType, String body) {
        /**
         * The body as a JSON object.
         *
         * @return the object
         */
        public Map<String, Object> json() {
            return Json.object(body);
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + (body.length() > 600 ? body.substring(0, 600) + "..." : body);
        }
    }

    /**
     * GET a path.
     *
     * @param path e.g. {@code /v2/health/ready}
     * @return the reply
     */
    public Reply get(String path) {
        return send(request(path).GET().build());
    }

    /**
     * POST a JSON body with its Content-Length.
     *
     * @param path the path
     * @param json the body
     * @return the reply
     */
    public Reply post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
    }

    /**
     * POST a body chunked, without Content-Length, so a size limit has to be enforced while reading.
     *
     * @param path the path
     * @param body the body
     * @return the reply
     */
    public Reply postChunked(String path, byte[] body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());
    }

    /**
     * Waits until the server answers at all (Jetty and the servlet come up after the framework starts).
     *
     * @param path a path that answers once the REST bundle serves
     * @return the first reply that is not 404 from Jetty itself
     */
    public Reply awaitServing(String path) {
        return Gateway.await("the REST endpoint " + base + path, () -> {
            try {
                HttpResponse<String> response = http.send(request(path).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 404 && !response.body().contains("error") ? null : toReply(response);
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    }

    private Reply send(HttpRequest request) {
        try {
            return toReply(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Reply toReply(HttpResponse<String> response) {
        return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }
}
