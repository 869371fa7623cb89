package org.modelgate.host.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One connection to a host with its shared memory: one request at a time. A host has several, so that requests
 * run in parallel without sharing buffers.
 */
final class Lane {
    /** A reply body larger than this is garbage: tensors travel in shared memory, not in the body. */
    static final int MAX_BODY = 64 * 1024 * 1024;
    final int number;
    final LaneChannel channel;
    final SharedMemory memory;
    final Wire out = new Wire(4096);
    private final Wire in = new Wire(4096);
    private final ByteBuffer header = Frame.newBuffer();
    private final Frame frame = Frame.empty();
    private long nextId = 1;
    /** System.nanoTime() by which the request under way must be answered; 0 when none is or there is no limit. */
    volatile long deadline;
    /** Set by the watchdog when the request under way took too long (the host is then ended). */
    volatile boolean timedOut;

    Lane(int number, LaneChannel channel, SharedMemory memory) {
        this.number = number;
        this.channel = channel;
        this.memory = memory;
    }

    /** The reply's type, after {@link #exchange}. */
    int replyType() {
        return frame.type;
    }

    /**
     * Sends {@link #out} (and {@code extra} after it as part of the body) as a request, and reads the reply.
     *
     * @return the reply body
     * @throws IOException when the connection broke (the host died or was ended)
     * @throws Garbage when the reply is not one of this protocol
     */
    Wire exchange(int type, ByteBuffer extra, long timeoutNanos) throws IOException, Garbage {
        long id = nextId++;
        ByteBuffer body = out.buffer().flip();
        int length = body.remaining() + (extra == null ? 0 : extra.remaining());
        Frame.encode(header, Frame.REQUEST_MAGIC, type, id, length, memory.size());
        ByteBuffer[] message = extra == null ? new ByteBuffer[] {header, body} : new ByteBuffer[] {header, body, extra};
        deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        try {
            channel.writeFully(message);
            frame.read(channel, header);
        } finally {
            deadline = 0;
        }
        if (frame.magic != Frame.REPLY_MAGIC) {
            throw new Garbage("bad magic 0x" + Integer.toHexString(frame.magic));
        }
        if (frame.id != id) {
            throw new Garbage("a reply to request " + frame.id + " where " + id + " was asked");
        }
        if (frame.type != Frame.OK && frame.type != Frame.ERROR) {
            throw new Garbage("reply type " + frame.type);
        }
        if (frame.length < 0 || frame.length > MAX_BODY) {
            throw new Garbage("an impossible body length of " + frame.length + " bytes");
        }
        if (frame.sharedMemory < 0 || frame.sharedMemory > memory.limit()) {
            throw new Garbage("shared memory of " + frame.sharedMemory + " bytes, over the limit of " + memory.limit());
        }
        ByteBuffer reply = in.receive(frame.length);
        channel.readFully(reply);
        reply.flip();
        memory.follow(frame.sharedMemory);
        return Wire.reading(reply);
    }

    void close() {
        channel.close();
        memory.close();
    }

    /** A reply that breaks the protocol. */
    static final class Garbage extends Exception {
        private static final long serialVersionUID = 1L;

        Garbage(String message) {
            super(message);
        }
    }
}
