package org.modelgate.host.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A lane's socket, non-blocking under a selector so that a close from another thread (the watchdog ending a host)
 * is seen by a reader within 100 ms. Both sides use it: the gateway for replies, the host for the next request.
 * Spinning, where configured, happens on the shared memory ({@link LaneLink}), not here: a spin on the socket costs a
 * system call per turn.
 */
final class LaneChannel implements AutoCloseable {
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;

    LaneChannel(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        this.key = channel.register(selector, SelectionKey.OP_READ);
    }

    /**
     * Reads until {@code buffer} is full.
     *
     * @throws EOFException when the peer closed the connection
     */
    void readFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer);
            if (read < 0) {
                throw new EOFException("the connection was closed");
            }
            if (read == 0) {
                await(SelectionKey.OP_READ);
            }
        }
    }

    /** Writes every buffer completely, waiting while the socket's send buffer is full. */
    void writeFully(ByteBuffer... buffers) throws IOException {
        while (remaining(buffers)) {
            if (channel.write(buffers) == 0) {
                key.interestOps(SelectionKey.OP_WRITE);
                try {
                    await(SelectionKey.OP_WRITE);
                } finally {
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
        }
    }

    private void await(int operation) throws IOException {
        if (!channel.isOpen()) {
            throw new java.nio.channels.ClosedChannelException();
        }
        try {
            selector.select(100); // bounded: a close from another thread is seen within 100 ms at worst
            selector.selectedKeys().clear();
        } catch (java.nio.channels.ClosedSelectorException e) {
            throw new java.nio.channels.ClosedChannelException(); // closed from another thread (the host was ended)
        }
    }

    private static boolean remaining(ByteBuffer[] buffers) {
        for (ByteBuffer buffer : buffers) {
            if (buffer.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a broken connection: nothing to do
        }
        selector.wakeup();
        try {
            selector.close();
        } catch (IOException e) {
            // its file descriptors go with it
        }
    }
}
