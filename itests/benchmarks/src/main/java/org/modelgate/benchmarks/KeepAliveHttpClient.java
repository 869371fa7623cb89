package org.modelgate.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client on one keep-alive connection, as a lean native client (curl, Triton's C++
 * client) would be: it measures what the gateway adds, not what the JDK's HttpClient costs.
 */
final class KeepAliveHttpClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String hostHeader;

    KeepAliveHttpClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        out = new BufferedOutputStream(socket.getOutputStream(), 65536);
        in = new BufferedInputStream(socket.getInputStream(), 65536);
        hostHeader = "127.0.0.1:" + port;
    }

    /** POSTs a JSON body and returns the response body; fails on any status but 200. */
    byte[] post(String path, byte[] body) throws IOException {
        return post(path, body, "application/json", "");
    }

    /**
     * POSTs a body of Triton's binary tensor data extension ({@code headerLength} bytes of JSON, then the tensors) and
     * returns the response body; fails on any status but 200.
     */
    byte[] postBinary(String path, byte[] body, int headerLength) throws IOException {
        return post(path, body, "application/octet-stream", "Inference-Header-Content-Length: " + headerLength + "\r\n");
    }

    private byte[] post(String path, byte[] body, String contentType, String moreHeaders) throws IOException {
        out.write(("POST " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nContent-Type: " + contentType + "\r\n"
                + moreHeaders + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        String status = line();
        long length = -1;
        boolean chunked = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        byte[] response = chunked ? chunks() : in.readNBytes((int) length);
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IOException("POST " + path + ": " + status + " " + new String(response, StandardCharsets.UTF_8));
        }
        return response;
    }

    private byte[] chunks() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
            body.write(in.readNBytes(size));
            line();
        }
        line();
        return body.toByteArray();
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed by the gateway");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
