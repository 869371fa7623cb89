package org.modelgate.host.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One lane's shared memory: a file both the gateway and the host map, where the gateway puts a request's input
 * tensors and the host its outputs. The gateway creates it; after both have mapped it the file is unlinked, so
 * a crash leaves nothing behind. Either side may grow it up to the limit (the other remaps when a header says
 * so); growing writes the new pages for real, so a full tmpfs is an I/O error here, never a SIGBUS later.
 */
final class SharedMemory implements AutoCloseable {
    /**
     * Bytes at the start reserved for the lane's signals ({@link LaneLink}): sequence counters, sleeping flags and
     * message headers, each side's on cache lines of its own. Tensors and message bodies start after them.
     */
    static final int DATA = 256;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024);
    private final FileChannel channel;
    private final long limit;
    private MappedByteBuffer map;

    private SharedMemory(FileChannel channel, long limit) {
        this.channel = channel;
        this.limit = Math.min(limit, Integer.MAX_VALUE);
    }

    /** Creates the file with {@code initial} bytes (the gateway's side). */
    static SharedMemory create(Path file, long initial, long limit) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        SharedMemory memory = new SharedMemory(channel, limit);
        memory.fill(0, Math.min(initial, memory.limit));
        memory.remap(Math.min(initial, memory.limit));
        return memory;
    }

    /** Maps a file the gateway created (the host's side). */
    static SharedMemory open(Path file, long limit) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        SharedMemory memory = new SharedMemory(channel, limit);
        memory.remap(channel.size());
        return memory;
    }

    /** The bytes mapped now. */
    long size() {
        return map.capacity();
    }

    long limit() {
        return limit;
    }

    /** The mapping: absolute gets and puts only (its position is shared). */
    ByteBuffer map() {
        return map;
    }

    /**
     * Makes the memory at least {@code needed} bytes, doubling, up to the limit.
     *
     * @throws TooSmall when {@code needed} is over the limit
     */
    void ensure(long needed) throws IOException {
        if (needed <= map.capacity()) {
            return;
        }
        if (needed > limit) {
            throw new TooSmall(needed, limit);
        }
        long size = Math.min(limit, Math.max(needed, 2L * map.capacity()));
        fill(channel.size(), size);
        remap(size);
    }

    /** Follows the peer's growth to {@code size} bytes (said in a header). */
    void follow(long size) throws IOException {
        if (size > map.capacity()) {
            if (size > limit || size > channel.size()) {
                throw new IOException("shared memory of " + size + " bytes announced, the file has " + channel.size()
                        + " and the limit is " + limit);
            }
            remap(size);
        }
    }

    private void fill(long from, long to) throws IOException {
        for (long position = from; position < to; ) {
            ByteBuffer zeros = ZEROS.duplicate();
            zeros.limit((int) Math.min(zeros.capacity(), to - position));
            position += channel.write(zeros, position);
        }
    }

    private void remap(long size) throws IOException {
        MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        mapped.order(ByteOrder.LITTLE_ENDIAN);
        map = mapped;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // the mapping goes with the process or the garbage collector; nothing else to free
        }
    }

    /** A tensor does not fit under the configured limit. */
    static final class TooSmall extends IOException {
        private static final long serialVersionUID = 1L;
        final long needed;
        final long limit;

        TooSmall(long needed, long limit) {
            super("needs " + needed + " bytes of shared memory, more than the limit of " + limit + " bytes");
            this.needed = needed;
            this.limit = limit;
        }
    }

    /**
     * Checks that a tensor's bytes, where a frame says they lie, are inside the mapped memory: a frame that says
     * otherwise is garbage.
     *
     * @param role "input" or "output", for the message
     */
    static void checkPlaced(ByteBuffer map, String role, String name, long offset, long length) {
        if (offset < DATA || length < 0 || offset + length > map.capacity()) {
            throw new IllegalStateException(role + " '" + name + "' at " + offset + "+" + length
                    + " lies outside the shared memory of " + map.capacity() + " bytes");
        }
    }

    /** Rounds up to the next multiple of 64, so each tensor starts on a cache line. */
    static long align(long offset) {
        return (offset + 63) & ~63L;
    }
}
