package org.modelgate.host.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One side of a lane: how its messages travel. With {@code spinNanos} 0 every message is a frame on the socket, and
 * a reader sleeps in the socket until one comes (two thread wake-ups per request). With a spin, a run and its answer
 * travel in the lane's shared memory instead: the sender writes the body there, the header into its control block,
 * and publishes a new sequence number; the reader spins on that number for up to {@code spinNanos}, and only then
 * sleeps in the socket, having said so with its "sleeping" flag, so that the sender rings a doorbell (a bodiless
 * {@link Frame#DOORBELL} frame) only when someone sleeps. A message that does not fit the shared memory, the load and
 * the close still go over the socket, and a reader takes whatever comes there, so both ways work at any time.
 *
 * <p>The control block, at the start of the shared memory (both sides use the same offsets, mirrored):
 * <pre>
 *   0  gateway to host: sequence (8), frame header (28), body offset (8)     written by the gateway
 *  64  the host sleeps (4)                                                 written by the host
 * 128  host to gateway: sequence (8), frame header (28), body offset (8)     written by the host
 * 192  the gateway sleeps (4)                                              written by the gateway
 * 256  tensors and message bodies ({@link SharedMemory#DATA})
 * </pre>
 *
 * <p><b>Why no wake-up is lost</b> (Dekker's handshake). The sender does: store its sequence, full fence, load the
 * reader's flag. The reader, before it sleeps, does: store its flag, full fence, load the sequence. With a full fence
 * between each side's store and load, the two loads cannot both miss the other side's store: of the four accesses
 * some order is total, and whichever store comes first in it is seen by the other side's load. So either the reader
 * sees the new sequence (and does not sleep), or the sender sees the flag (and rings), or both (a spare doorbell,
 * which the reader takes as "look again" and then ignores). Both processes map the same physical pages, so the
 * fences of the two JVMs order the same memory (x86: a locked instruction, ARM: dmb ish). The flag is cleared after
 * waking; a sender that still sees it set rings once too often, never too seldom.
 *
 * <p>The spin is bounded, so a peer that died or hangs is noticed as before: after the spin the reader blocks on the
 * socket, which then ends (EOF) or is closed by the watchdog.
 */
final class LaneLink {
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int TO_HOST = 0;
    private static final int HOST_SLEEPS = 64;
    private static final int TO_GATEWAY = 128;
    private static final int GATEWAY_SLEEPS = 192;
    private static final int HEADER = 8;
    private static final int BODY_OFFSET = 40;

    final LaneChannel channel;
    final SharedMemory memory;
    private final long spinNanos;
    private final int outBlock;
    private final int inBlock;
    private final int ownFlag;
    private final int peerFlag;
    private final int magic;
    private final ByteBuffer doorbell = Frame.newBuffer();
    private long sent;
    private long received;
    /** Whether the message last received came through the shared memory, and where its body lies there. */
    private boolean inMemory;
    private long bodyOffset;
    /** Messages found in the shared memory while spinning, and after sleeping in the socket (read by tests). */
    long caughtSpinning;
    long wokenByDoorbell;

    private LaneLink(LaneChannel channel, SharedMemory memory, long spinNanos, boolean gateway) {
        this.channel = channel;
        this.memory = memory;
        this.spinNanos = Math.max(0, spinNanos);
        this.outBlock = gateway ? TO_HOST : TO_GATEWAY;
        this.inBlock = gateway ? TO_GATEWAY : TO_HOST;
        this.ownFlag = gateway ? GATEWAY_SLEEPS : HOST_SLEEPS;
        this.peerFlag = gateway ? HOST_SLEEPS : GATEWAY_SLEEPS;
        this.magic = gateway ? Frame.REQUEST_MAGIC : Frame.REPLY_MAGIC;
    }

    /** The gateway's side of a lane. */
    static LaneLink gateway(LaneChannel channel, SharedMemory memory, long spinNanos) {
        return new LaneLink(channel, memory, spinNanos, true);
    }

    /** A host's side of a lane. */
    static LaneLink host(LaneChannel channel, SharedMemory memory, long spinNanos) {
        return new LaneLink(channel, memory, spinNanos, false);
    }

    boolean spinning() {
        return spinNanos > 0;
    }

    /**
     * Sends a message through the shared memory when this lane spins and the body fits there (its bytes placed at
     * or after {@code free}, which the caller's tensors do not use); otherwise over the socket.
     */
    void send(int type, long id, ByteBuffer body, long free) throws IOException {
        if (spinNanos > 0 && post(type, id, body, free)) {
            return;
        }
        Frame.encode(doorbell, magic, type, id, body.remaining(), memory.size());
        channel.writeFully(doorbell, body);
    }

    /** Sends a header (and body) over the socket, whatever the spin: the load, the close, a test's garbage. */
    void sendOnSocket(ByteBuffer header, ByteBuffer... rest) throws IOException {
        ByteBuffer[] all = new ByteBuffer[rest.length + 1];
        all[0] = header;
        System.arraycopy(rest, 0, all, 1, rest.length);
        channel.writeFully(all);
    }

    private boolean post(int type, long id, ByteBuffer body, long free) throws IOException {
        long offset = SharedMemory.align(Math.max(free, SharedMemory.DATA));
        int length = body.remaining();
        try {
            memory.ensure(offset + length);
        } catch (SharedMemory.TooSmall e) {
            return false; // the socket carries it
        }
        ByteBuffer map = memory.map();
        map.put((int) offset, body, body.position(), length);
        map.putInt(outBlock + HEADER, magic).putInt(outBlock + HEADER + 4, type).putLong(outBlock + HEADER + 8, id)
                .putInt(outBlock + HEADER + 16, length).putLong(outBlock + HEADER + 20, memory.size())
                .putLong(outBlock + BODY_OFFSET, offset);
        LONGS.setVolatile(map, outBlock, ++sent); // a release store: everything above is visible first
        VarHandle.fullFence(); // store the sequence, then load the flag (see the class comment)
        if ((int) INTS.getVolatile(map, peerFlag) != 0) {
            Frame.encode(doorbell, magic, Frame.DOORBELL, sent, 0, memory.size());
            channel.writeFully(doorbell);
        }
        return true;
    }

    /**
     * Receives the next message's header into {@code frame}: from the shared memory if one is published there
     * (spinning for it first), else the next frame on the socket. Doorbells are consumed here.
     *
     * @throws java.io.EOFException when the peer closed the connection
     */
    Frame receive(Frame frame, ByteBuffer header) throws IOException {
        if (spinNanos == 0) {
            inMemory = false;
            return frame.read(channel, header);
        }
        long spinUntil = System.nanoTime() + spinNanos;
        boolean rung = false;
        while (true) {
            ByteBuffer map = memory.map();
            if ((long) LONGS.getAcquire(map, inBlock) != received) {
                if (rung) {
                    wokenByDoorbell++;
                } else {
                    caughtSpinning++;
                }
                return published(frame, map);
            }
            if (System.nanoTime() - spinUntil < 0) {
                Thread.onSpinWait();
                continue;
            }
            INTS.setVolatile(map, ownFlag, 1);
            VarHandle.fullFence(); // store the flag, then load the sequence (see the class comment)
            if ((long) LONGS.getVolatile(map, inBlock) != received) {
                INTS.setOpaque(map, ownFlag, 0);
                caughtSpinning++;
                return published(frame, map);
            }
            frame.read(channel, header);
            INTS.setVolatile(memory.map(), ownFlag, 0);
            if (frame.type != Frame.DOORBELL) {
                inMemory = false;
                return frame;
            }
            rung = true; // (or a spare ring, from a message already taken): look again, then spin anew
            spinUntil = System.nanoTime() + spinNanos;
        }
    }

    private Frame published(Frame frame, ByteBuffer map) throws IOException {
        received++;
        frame.magic = map.getInt(inBlock + HEADER);
        frame.type = map.getInt(inBlock + HEADER + 4);
        frame.id = map.getLong(inBlock + HEADER + 8);
        frame.length = map.getInt(inBlock + HEADER + 16);
        frame.sharedMemory = map.getLong(inBlock + HEADER + 20);
        bodyOffset = map.getLong(inBlock + BODY_OFFSET);
        inMemory = true;
        return frame;
    }

    /**
     * The body of the message whose header {@link #receive} gave (the caller checked the header first): a view of
     * the shared memory, or read from the socket into {@code wire}.
     *
     * @throws IllegalStateException when a body in shared memory lies outside it (garbage)
     */
    ByteBuffer body(Frame frame, Wire wire) throws IOException {
        if (!inMemory) {
            ByteBuffer body = wire.receive(frame.length);
            channel.readFully(body);
            return body.flip();
        }
        memory.follow(frame.sharedMemory);
        ByteBuffer map = memory.map();
        SharedMemory.checkPlaced(map, "message body", "#" + frame.id, bodyOffset, frame.length);
        return map.slice((int) bodyOffset, frame.length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Where the body of the message last received ends in the shared memory (0 when it came on the socket). */
    long bodyEnd(Frame frame) {
        return inMemory ? bodyOffset + frame.length : 0;
    }

    void close() {
        channel.close();
        memory.close();
    }
}
