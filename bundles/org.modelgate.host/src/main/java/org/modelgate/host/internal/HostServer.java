package org.modelgate.host.internal;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.modelgate.api.DataType;
import org.modelgate.api.InferenceFailedException;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelUnavailableException;
import org.modelgate.api.Tensor;
import org.modelgate.spi.InferenceBackend;
import org.modelgate.spi.LoadedModel;
import org.modelgate.spi.ModelArtifact;

/**
 * The host side of the protocol: one thread per lane reads a request, runs it, answers. Lane 0 carries the load;
 * runs may come on every lane at once. The host ends when the gateway says close, when a connection closes (the
 * gateway went away), or when its parent process ends.
 */
class HostServer {
    /** Failure kinds in an {@link Frame#ERROR} body, so the gateway throws the same exception type. */
    static final byte INVALID_INPUT = 1;
    static final byte INFERENCE_FAILED = 2;
    static final byte LOAD_FAILED = 3;
    static final byte UNAVAILABLE = 4;
    static final byte HOST_NOT_USABLE = 5;
    /** System property of the host: how long a lane spins for the next request before it waits (ns). */
    static final String SPIN_PROPERTY = "modelgate.host.spinNanos";

    private final Path socket;
    private final int lanes;
    private final String sharedMemoryPrefix;
    private final long sharedMemoryLimit;
    private final Path bundle;
    private final String componentName;
    private final String implementation;
    private volatile LoadedModel model;
    private volatile String what = "model";

    HostServer(Path socket, int lanes, String sharedMemoryPrefix, long sharedMemoryLimit, Path bundle, String componentName,
            String implementation) {
        this.socket = socket;
        this.lanes = lanes;
        this.sharedMemoryPrefix = sharedMemoryPrefix;
        this.sharedMemoryLimit = sharedMemoryLimit;
        this.bundle = bundle;
        this.componentName = componentName;
        this.implementation = implementation;
    }

    void serve() {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(0)));
        List<Thread> threads = new ArrayList<>();
        try {
            for (int lane = 0; lane < lanes; lane++) {
                SharedMemory memory = SharedMemory.open(Path.of(sharedMemoryPrefix + lane + ".shm"), sharedMemoryLimit);
                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                channel.connect(UnixDomainSocketAddress.of(socket));
                Frame.writeFully(channel, Frame.encode(Frame.newBuffer(), Frame.REPLY_MAGIC, Frame.HELLO, lane, 0,
                        ProcessHandle.current().pid()));
                int number = lane;
                LaneLink link = LaneLink.host(new LaneChannel(channel), memory, Long.getLong(SPIN_PROPERTY, 0));
                Thread thread = new Thread(() -> serve(number, link), "modelgate-host-lane-" + lane);
                threads.add(thread);
            }
        } catch (IOException e) {
            System.err.println("model host: cannot connect to the gateway at " + socket + ": " + e);
            System.exit(2);
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void serve(int lane, LaneLink link) {
        SharedMemory memory = link.memory;
        ByteBuffer header = Frame.newBuffer();
        Frame frame = Frame.empty();
        Wire in = new Wire(4096);
        Wire out = new Wire(4096);
        try {
            while (true) {
                link.receive(frame, header);
                if (frame.magic != Frame.REQUEST_MAGIC || frame.length < 0) {
                    System.err.println("model host: lane " + lane + " received garbage (magic 0x"
                            + Integer.toHexString(frame.magic) + "); ending");
                    System.exit(4);
                }
                memory.follow(frame.sharedMemory);
                ByteBuffer body;
                try {
                    body = link.body(frame, in);
                } catch (IllegalStateException e) {
                    System.err.println("model host: lane " + lane + " received garbage (" + e.getMessage() + "); ending");
                    System.exit(4);
                    return;
                }
                long free = link.bodyEnd(frame);
                out.clear();
                int type = Frame.OK;
                try {
                    switch (frame.type) {
                        case Frame.LOAD -> load(Wire.reading(body), out);
                        case Frame.RUN -> free = run(Wire.reading(body), memory, out, free);
                        case Frame.CLOSE -> {
                            close();
                            reply(link, header, Frame.OK, frame.id, out, free);
                            System.exit(0);
                        }
                        default -> throw new IllegalStateException("unknown request type " + frame.type);
                    }
                } catch (VirtualMachineError e) {
                    System.err.println("model host: " + what + ": " + e);
                    Runtime.getRuntime().halt(1);
                } catch (Exception | LinkageError e) {
                    type = Frame.ERROR;
                    out.clear().putByte(kind(e)).putString(message(e));
                } finally {
                    if (frame.type == Frame.LOAD) {
                        wipe(body); // the decrypted model's bytes, when it came from memory
                    }
                }
                reply(link, header, type, frame.id, out, free);
            }
        } catch (EOFException e) {
            Runtime.getRuntime().halt(0); // the gateway closed the connection: nothing more to serve
        } catch (IOException e) {
            System.err.println("model host: lane " + lane + ": " + e);
            Runtime.getRuntime().halt(3);
        }
    }

    /**
     * Writes a reply: through the shared memory when the lane spins (its body placed at or after {@code free}, past
     * the outputs), else on the socket. Protected so a test can answer garbage.
     */
    protected void reply(LaneLink link, ByteBuffer header, int type, long id, Wire out, long free) throws IOException {
        link.send(type, id, out.buffer().flip(), free);
    }

    private void load(Wire in, Wire out) {
        Map<String, Object> properties = in.getProperties();
        String name = in.getString();
        String version = in.getString();
        String format = in.getString();
        Path file = Path.of(in.getString());
        Map<String, String> options = in.getStrings();
        long contentLength = in.getLong();
        ByteBuffer content = null;
        if (contentLength >= 0) {
            ByteBuffer rest = in.buffer();
            content = rest.slice(rest.position(), (int) contentLength);
        }
        what = "model '" + name + "' " + version;
        InferenceBackend backend = BackendFactory.create(bundle, componentName, implementation, properties);
        LoadedModel loaded = backend.load(new ModelArtifact(name, version, format, file, options, content));
        model = loaded;
        out.putSpecs(loaded.inputs()).putSpecs(loaded.outputs()).putString(backend.version());
    }

    /** Runs the model; returns where the outputs end in the shared memory. */
    private long run(Wire in, SharedMemory memory, Wire out, long free) throws SharedMemory.TooSmall {
        LoadedModel loaded = model;
        if (loaded == null) {
            throw new ModelUnavailableException(what + " is not loaded in this model host");
        }
        Set<String> outputs = in.getNames();
        int inputCount = in.count();
        List<Tensor> inputs = new ArrayList<>(inputCount);
        long end = Math.max(free, SharedMemory.DATA); // past the request's body, when it came in the shared memory
        ByteBuffer map = memory.map();
        for (int i = 0; i < inputCount; i++) {
            String name = in.getString();
            DataType type = in.getType();
            long[] shape = in.getShape();
            if (type == DataType.BYTES) {
                inputs.add(Tensor.ofStrings(name, shape, in.getTexts()));
            } else {
                long offset = in.getLong();
                long length = in.getLong();
                SharedMemory.checkPlaced(map, "input", name, offset, length);
                inputs.add(Tensor.of(name, type, shape, map.slice((int) offset, (int) length)));
                end = Math.max(end, offset + length);
            }
        }
        List<Tensor> results = loaded.run(inputs, outputs);
        long position = SharedMemory.align(end);
        out.putInt(results.size());
        for (Tensor tensor : results) {
            out.putString(tensor.name()).putType(tensor.dataType()).putShape(tensor.shape());
            if (tensor.dataType() == DataType.BYTES) {
                out.putTexts(tensor.strings());
                continue;
            }
            ByteBuffer data = tensor.buffer();
            int length = data.remaining();
            try {
                memory.ensure(position + length);
            } catch (SharedMemory.TooSmall e) {
                throw e;
            } catch (IOException e) {
                throw new InferenceFailedException(what + ": cannot grow the shared memory for output '" + tensor.name()
                        + "': " + e.getMessage(), e);
            }
            memory.map().put((int) position, data, data.position(), length);
            out.putLong(position).putLong(length);
            position = SharedMemory.align(position + length);
        }
        return position;
    }

    private void close() {
        LoadedModel loaded = model;
        model = null;
        if (loaded != null) {
            loaded.close();
        }
    }

    private static void wipe(ByteBuffer body) {
        for (int i = 0; i < body.limit(); i++) {
            body.put(i, (byte) 0);
        }
    }

    private static byte kind(Throwable e) {
        if (e instanceof org.modelgate.host.HostNotUsableException) {
            return HOST_NOT_USABLE;
        } else if (e instanceof InvalidInputException) {
            return INVALID_INPUT;
        } else if (e instanceof ModelLoadException) {
            return LOAD_FAILED;
        } else if (e instanceof ModelUnavailableException) {
            return UNAVAILABLE;
        }
        return INFERENCE_FAILED;
    }

    private String message(Throwable e) {
        if (e instanceof SharedMemory.TooSmall small) {
            return what + ": its outputs need " + small.needed + " bytes of shared memory, more than the limit of "
                    + small.limit + " bytes (sharedMemoryMaxMiB of PID org.modelgate.host)";
        }
        if (e instanceof org.modelgate.api.ModelgateException && e.getMessage() != null) {
            return e.getMessage();
        }
        return what + ": " + e;
    }
}
