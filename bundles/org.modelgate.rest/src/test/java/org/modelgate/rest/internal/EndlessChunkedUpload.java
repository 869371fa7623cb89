package org.modelgate.rest.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client on a plain socket that posts a chunked body of up to 1 GiB of JSON numbers from a thread
 * of its own, while the test reads the answer: it shows the server answers without reading on.
 */
final class EndlessChunkedUpload implements AutoCloseable {
    static final long MAX_BYTES = 1L << 30;

    private final Socket socket;
    private final Thread sender;
    private final AtomicLong sent = new AtomicLong();

    EndlessChunkedUpload(int port, String path) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        sender = new Thread(() -> sendChunks(out), "endless-upload");
        sender.setDaemon(true);
        sender.start();
    }

    private void sendChunks(OutputStream out) {
        byte[] data = new byte[64 * 1024];
        Arrays.fill(data, (byte) '0');
        for (int i = 1; i < data.length; i += 2) {
            data[i] = ',';
        }
        byte[] head = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] first = "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"data\":[".getBytes(StandardCharsets.US_ASCII);
        try {
            out.write((Integer.toHexString(first.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(first);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            while (sent.get() < MAX_BYTES) {
                out.write(head);
                out.write(data);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                sent.addAndGet(data.length);
            }
        } catch (IOException expected) {
            // the server closed the connection after answering: that is the point
        }
    }

    /** Everything the server sends until it closes the connection (or sends the whole error body). */
    String readAnswer() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) > 0) {
            answer.write(buffer, 0, n);
            String text = answer.toString(StandardCharsets.UTF_8);
            if (text.endsWith("}")) {
                break;
            }
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    long bytesSent() {
        return sent.get();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        socket.close();
        sender.join(10_000);
    }
}
