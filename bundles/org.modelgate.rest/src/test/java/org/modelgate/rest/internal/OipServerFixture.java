package org.modelgate.rest.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * The OIP servlet in a real Jetty 11 on a free port of 127.0.0.1, as the whiteboard would host it
 * (pattern /v2/* in the root context), and an HTTP/1.1 client.
 */
final class OipServerFixture implements AutoCloseable {
    final OipServlet servlet = new OipServlet();
    final FakeGateway gateway = new FakeGateway();
    private final Server server = new Server();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final int port;

    OipServerFixture(long maxRequestBytes) throws Exception {
        servlet.configure("9.8.7", maxRequestBytes);
        servlet.inference = gateway;
        servlet.registry = gateway;
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(servlet), "/v2/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
        base = "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body)));
    }

    /** Posts without Content-Length: the client sends the body chunked. */
    HttpResponse<String> postChunked(String path, byte[] body) throws IOException, InterruptedException {
        return postChunked(path, () -> new ByteArrayInputStream(body));
    }

    /** Posts a body streamed from the supplier, chunked (no Content-Length), with the given headers. */
    HttpResponse<String> postChunked(String path, java.util.function.Supplier<java.io.InputStream> body, String... headers)
            throws IOException, InterruptedException {
        BodyPublisher chunked = BodyPublishers.ofInputStream(body);
        if (chunked.contentLength() >= 0) {
            throw new IllegalStateException("the body would be sent with a Content-Length");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).POST(chunked);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    HttpResponse<String> send(String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    /** Posts bytes with the given headers and answers the body as bytes (binary tensor data). */
    HttpResponse<byte[]> postBytes(String path, byte[] body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).POST(BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
