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
    final LaneLink link;
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

    Lane(int number, LaneLink link) {
        this.number = number;
        this.link = link;
        this.memory = link.memory;
    }

    /** The reply's type, after {@link #exchange}. */
    int replyType() {
        return frame.type;
    }

    /**
     * Sends {@link #out} (and {@code extra} after it as part of the body) as a request over the socket, and reads
     * the reply: the load and the close.
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
        deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        try {
            if (extra == null) {
                link.sendOnSocket(header, body);
            } else {
                link.sendOnSocket(header, body, extra);
            }
            link.receive(frame, header);
        } finally {
            deadline = 0;
        }
        return reply(id);
    }

    /**
     * Sends {@link #out} as a run, through the shared memory when the lane spins (its body placed at or after
     * {@code free}, past the input tensors), and reads the reply.
     *
     * @return the reply body
     * @throws IOException when the connection broke (the host died or was ended)
     * @throws Garbage when the reply is not one of this protocol
     */
    Wire run(long free, long timeoutNanos) throws IOException, Garbage {
        long id = nextId++;
        deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        try {
            link.send(Frame.RUN, id, out.buffer().flip(), free);
            link.receive(frame, header);
        } finally {
            deadline = 0;
        }
        return reply(id);
    }

    private Wire reply(long id) throws IOException, Garbage {
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
        ByteBuffer reply;
        try {
            reply = link.body(frame, in);
        } catch (IllegalStateException e) {
            throw new Garbage(e.getMessage());
        }
        memory.follow(frame.sharedMemory);
        return Wire.reading(reply);
    }

    void close() {
        link.close();
    }

    /** A reply that breaks the protocol. */
    static final class Garbage extends Exception {
        private static final long serialVersionUID = 1L;

        Garbage(String message) {
            super(message);
        }
    }
}
