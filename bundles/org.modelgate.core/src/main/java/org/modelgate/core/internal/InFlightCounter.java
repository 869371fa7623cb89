package org.modelgate.core.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * How many requests run on a model right now, kept in a memory-mapped file of the model's folder
 * ({@value #FILE_NAME}): the kernel keeps a shared mapping's pages when the process dies, so after a crash
 * the next start reads what was running. Updated on the hot path with one atomic add each way: no lock, no
 * allocation, no system call.
 *
 * <p>Layout: bytes 0..7 the count (native order), bytes 8..63 the serving version, NUL-padded.
 */
final class InFlightCounter implements AutoCloseable {
    static final String FILE_NAME = "inflight";
    /** A counter that counts nothing (a model folder that cannot be mapped; tests without a repository). */
    static final InFlightCounter NONE = new InFlightCounter(null);
    private static final int SIZE = 64;
    private static final int VERSION_BYTES = SIZE - Long.BYTES;
    private static final VarHandle COUNT = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final MappedByteBuffer buffer;

    private InFlightCounter(MappedByteBuffer buffer) {
        this.buffer = buffer;
    }

    /** Maps the model's counter file, set to zero. */
    static InFlightCounter open(Path modelDir) {
        try (FileChannel channel = FileChannel.open(modelDir.resolve(FILE_NAME), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
            COUNT.setVolatile(buffer, 0, 0L);
            return new InFlightCounter(buffer);
        } catch (IOException | UnsupportedOperationException e) {
            System.getLogger(InFlightCounter.class.getName()).log(System.Logger.Level.WARNING, "cannot map "
                    + modelDir.resolve(FILE_NAME) + " (" + e.getMessage() + "); a crash while this model serves will not be "
                    + "held against it");
            return NONE;
        }
    }

    /**
     * What the file says a process left running: the count and the version, read without mapping.
     *
     * @return empty when there is no file or nothing ran
     */
    static Optional<Left> leftBehind(Path modelDir) {
        Path file = modelDir.resolve(FILE_NAME);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) < SIZE) {
                return Optional.empty();
            }
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.nativeOrder());
            long count = bytes.getLong(0);
            byte[] version = new byte[VERSION_BYTES];
            bytes.get(Long.BYTES, version);
            String text = new String(version, StandardCharsets.US_ASCII).trim().replace("\0", "");
            return count > 0 && SemanticVersion.isValid(text) ? Optional.of(new Left(count, SemanticVersion.parse(text)))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Requests that were running on a version when the process died. */
    record Left(long requests, SemanticVersion version) {
    }

    /** Names the version now serving (called when a version goes into service). */
    void serving(SemanticVersion version) {
        if (buffer == null) {
            return;
        }
        byte[] text = version.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] padded = new byte[VERSION_BYTES];
        System.arraycopy(text, 0, padded, 0, Math.min(text.length, VERSION_BYTES));
        synchronized (this) {
            buffer.put(Long.BYTES, padded);
        }
    }

    /** A request starts running. */
    void enter() {
        if (buffer != null) {
            COUNT.getAndAdd(buffer, 0, 1L);
        }
    }

    /** A request ended. */
    void exit() {
        if (buffer != null) {
            COUNT.getAndAdd(buffer, 0, -1L);
        }
    }

    /** The requests running now. */
    long running() {
        return buffer == null ? 0 : (long) COUNT.getVolatile(buffer, 0);
    }

    @Override
    public void close() {
        // the mapping goes with the buffer; nothing to flush: the file matters only after a crash
    }
}
