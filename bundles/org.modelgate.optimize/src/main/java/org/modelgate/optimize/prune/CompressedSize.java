package org.modelgate.optimize.prune;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

import ai.onnx.proto.OnnxMl.ModelProto;

/**
 * The size of a model file once gzip-compressed (default level): what pruning buys on a backend without sparse
 * kernels, where the dense file and its speed stay as they were.
 */
public final class CompressedSize {
    private CompressedSize() {
    }

    /** The gzip-compressed size of {@code model}'s serialized form, in bytes. */
    public static long of(ModelProto model) {
        long[] count = {0};
        OutputStream counter = new OutputStream() {
            @Override
            public void write(int b) {
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count[0] += len;
            }
        };
        try (GZIPOutputStream gzip = new GZIPOutputStream(counter, 1 << 16)) {
            model.writeTo(gzip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count[0];
    }
}
