package org.modelgate.oip;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;

import org.modelgate.oip.internal.BinaryOutput;

/**
 * An inference response in the form of Triton's binary tensor data extension: the JSON header, then the raw bytes
 * of the outputs asked for as binary data, in the order the header lists them. The transport sends
 * {@link #headerLength()} as {@code Inference-Header-Content-Length} and {@link #contentLength()} as the body length.
 *
 * <pre>{@code
 * BinaryResponse body = OipCodec.binaryResponse(response, Map.of(), read::binaryOutput);
 * http.setHeader("Inference-Header-Content-Length", String.valueOf(body.headerLength()));
 * http.setContentLengthLong(body.contentLength());
 * body.writeTo(http.getOutputStream());
 * }</pre>
 *
 * @since 1.2
 */
public final class BinaryResponse {
    /** Copy size for outputs without an accessible array: the servlet container copies into its own buffer anyway. */
    private static final int CHUNK = 8 * 1024;

    private final byte[] header;
    private final List<BinaryOutput> outputs;

    BinaryResponse(byte[] header, List<BinaryOutput> outputs) {
        this.header = header;
        this.outputs = List.copyOf(outputs);
    }

    /**
     * The length of the JSON header in bytes.
     *
     * @return the value of {@code Inference-Header-Content-Length}
     */
    public int headerLength() {
        return header.length;
    }

    /**
     * The length of the whole body: the header and every binary output.
     *
     * @return the value of {@code Content-Length}
     */
    public long contentLength() {
        long length = header.length;
        for (BinaryOutput output : outputs) {
            length += output.size();
        }
        return length;
    }

    /**
     * Writes the header, then the outputs' bytes.
     *
     * @param out where to write; flushed, not closed
     * @throws IOException when writing fails
     */
    public void writeTo(OutputStream out) throws IOException {
        out.write(header);
        byte[] chunk = null;
        for (BinaryOutput output : outputs) {
            ByteBuffer data = output.data().duplicate();
            if (data.hasArray()) {
                out.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
                continue;
            }
            // a direct (native) buffer has no array: copy through one reused chunk
            if (chunk == null) {
                chunk = new byte[(int) Math.min(CHUNK, Math.max(1, data.remaining()))];
            }
            while (data.hasRemaining()) {
                int n = Math.min(chunk.length, data.remaining());
                data.get(chunk, 0, n);
                out.write(chunk, 0, n);
            }
        }
        out.flush();
    }
}
