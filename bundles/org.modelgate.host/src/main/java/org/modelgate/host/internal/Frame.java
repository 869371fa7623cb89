package org.modelgate.host.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The header of every message between the gateway and a model host, both ways: magic, type, request id, body
 * length, and the size of the lane's shared memory as the sender has it (so the receiver remaps after a growth).
 *
 * <p>Little-endian, {@value #SIZE} bytes, followed by {@code length} body bytes. A header that does not start
 * with the expected magic, or whose length or shared memory size is impossible, is garbage: the peer is not
 * speaking this protocol (or is broken) and is replaced.
 */
final class Frame {
    /** Header bytes. */
    static final int SIZE = 28;
    /** Starts every message from the gateway to a host ("MGRQ"). */
    static final int REQUEST_MAGIC = 0x4D475251;
    /** Starts every message from a host to the gateway ("MGRP"). */
    static final int REPLY_MAGIC = 0x4D475250;
    /** First message of a host on each lane: the lane number in the id, the host's pid in shm. */
    static final int HELLO = 1;
    /** Load the model: properties of the backend, the artifact (and its bytes when it comes from memory). */
    static final int LOAD = 2;
    /** Run the model once on tensors in the lane's shared memory. */
    static final int RUN = 3;
    /** Close the model and end the host. */
    static final int CLOSE = 4;
    /**
     * A bodiless "look at the shared memory" to a side that sleeps in the socket ({@link LaneLink}); the id is the
     * sequence number published. Either way.
     */
    static final int DOORBELL = 5;
    /** The request succeeded; the body holds the result. */
    static final int OK = 16;
    /** The request failed; the body holds the kind of failure and the message. */
    static final int ERROR = 17;

    int magic;
    int type;
    long id;
    int length;
    long sharedMemory;

    private Frame() {
    }

    static Frame empty() {
        return new Frame();
    }

    static ByteBuffer newBuffer() {
        return ByteBuffer.allocateDirect(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Writes a header into {@code header} (cleared first), flipped for writing to a channel. */
    static ByteBuffer encode(ByteBuffer header, int magic, int type, long id, int length, long sharedMemory) {
        header.clear();
        header.putInt(magic).putInt(type).putLong(id).putInt(length).putLong(sharedMemory);
        return header.flip();
    }

    /**
     * Reads one header.
     *
     * @throws EOFException when the peer closed the connection
     */
    Frame read(ReadableByteChannel channel, ByteBuffer header) throws IOException {
        header.clear();
        readFully(channel, header);
        return decode(header);
    }

    /**
     * Reads one header from a lane.
     *
     * @throws EOFException when the peer closed the connection
     */
    Frame read(LaneChannel channel, ByteBuffer header) throws IOException {
        header.clear();
        channel.readFully(header);
        return decode(header);
    }

    private Frame decode(ByteBuffer header) {
        header.flip();
        magic = header.getInt();
        type = header.getInt();
        id = header.getLong();
        length = header.getInt();
        sharedMemory = header.getLong();
        return this;
    }

    static void readFully(ReadableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("the connection was closed");
            }
        }
    }

    static void writeFully(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
