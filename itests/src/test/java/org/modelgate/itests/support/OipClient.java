package org.modelgate.itests.support;

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
     * POSTs over a plain socket, sending only the first {@code sent} bytes of the body, then reads the
     * reply. A server that refuses a body it cannot take answers without waiting for the rest; sending
     * no more than it reads keeps the reply from being lost to a reset when it closes the connection
     * (a full-size upload to such a server races its close; java.net.http's Expect: 100-continue, the
     * usual way out, hangs on JDK 17 when the answer is not 100: JDK-8286171).
     *
     * @param path the path
     * @param headers extra header lines, e.g. {@code Content-Length: 1000} or {@code Transfer-Encoding: chunked}
     * @param sent the body bytes to send (already chunk-framed for a chunked request)
     * @return the reply
     */
    public Reply postPartially(String path, String headers, byte[] sent) {
        URI uri = URI.create(base);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(60_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + uri.getAuthority() + "\r\nContent-Type: application/json\r\n"
                    + headers + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(sent);
            out.flush();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String status = in.readLine();
            String contentType = "";
            int length = -1;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-type:")) {
                    contentType = line.substring(13).trim();
                } else if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring(15).trim());
                }
            }
            StringBuilder body = new StringBuilder();
            char[] buffer = new char[8192];
            // a body without Content-Length runs until the server closes the connection
            for (int n = in.read(buffer); n >= 0 && (length < 0 || body.length() < length); n = in.read(buffer)) {
                body.append(buffer, 0, n);
            }
            return new Reply(Integer.parseInt(status.split(" ")[1]), contentType, body.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + base + path + " failed: " + e.getMessage(), e);
        }
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

    /**
     * A binary reply (Triton's binary tensor data extension): status, headers, body bytes.
     *
     * @param status the HTTP status
     * @param contentType the Content-Type header, or ""
     * @param headerLength the Inference-Header-Content-Length header, or -1
     * @param body the body
     */
    public record BinaryReply(int status, String contentType, int headerLength, byte[] body) {
        /** @return the JSON header (the whole body when there is no header length) as text */
        public String header() {
            return new String(body, 0, headerLength < 0 ? body.length : headerLength, StandardCharsets.UTF_8);
        }
    }

    /**
     * POSTs a body of Triton's binary tensor data extension: the JSON header, then the tensor bytes.
     *
     * @param path the path
     * @param header the JSON header
     * @param tensors the tensor bytes that follow it
     * @return the reply
     */
    public BinaryReply postBinary(String path, String header, byte[] tensors) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        byte[] body = java.util.Arrays.copyOf(json, json.length + tensors.length);
        System.arraycopy(tensors, 0, body, json.length, tensors.length);
        HttpRequest request = request(path).header("Content-Type", "application/octet-stream")
                .header("Inference-Header-Content-Length", String.valueOf(json.length))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new BinaryReply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    (int) response.headers().firstValueAsLong("Inference-Header-Content-Length").orElse(-1), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
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
