package org.modelgate.host.internal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.modelgate.api.DataType;
import org.modelgate.api.InferenceFailedException;
import org.modelgate.api.InferenceTimeoutException;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelUnavailableException;
import org.modelgate.api.ModelgateException;
import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;
import org.modelgate.host.HostNotUsableException;
import org.modelgate.spi.ModelArtifact;

/**
 * One model host process, from its start to its end: its lanes, its output, and why it died.
 */
final class HostProcess {
    private final String what;
    private final Process process;
    private final HostOutput output;
    private final Path crashFolder;
    private final List<Lane> lanes;
    private final BlockingQueue<Lane> free;
    /** Why the gateway ended it (a timeout, garbage), or null. */
    private volatile String endedBecause;
    private volatile boolean closing;
    private String reason;

    private HostProcess(String what, Process process, HostOutput output, Path crashFolder, List<Lane> lanes) {
        this.what = what;
        this.process = process;
        this.output = output;
        this.crashFolder = crashFolder;
        this.lanes = List.copyOf(lanes);
        this.free = new ArrayBlockingQueue<>(lanes.size(), false, lanes);
    }

    /** What the load answered: the model's inputs and outputs. */
    record Loaded(List<TensorSpec> inputs, List<TensorSpec> outputs, String backendVersion) {
    }

    /**
     * Starts a host and waits until each of its lanes has connected.
     *
     * @throws HostNotUsableException when it cannot start, dies while starting, or does not connect in time
     */
    static HostProcess start(HostCommand command, HostSettings settings, String what) {
        long number = settings.numbers().incrementAndGet();
        Path socket = settings.runtimeFolder().resolve("h" + number + ".sock");
        if (socket.toString().length() > 100) {
            throw new HostNotUsableException(what + ": the model host's socket path " + socket + " is too long for a Unix "
                    + "domain socket; configure a shorter runtimeFolder (PID org.modelgate.host)");
        }
        String prefix = settings.sharedMemoryFolder().resolve("h" + number + "-").toString();
        List<SharedMemory> memories = new ArrayList<>();
        Process process = null;
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            Files.createDirectories(settings.runtimeFolder());
            Files.createDirectories(settings.sharedMemoryFolder());
            Files.createDirectories(command.crashFolder());
            Files.deleteIfExists(socket); // left by a host (or a gateway) that crashed: binding would fail
            server.bind(UnixDomainSocketAddress.of(socket), settings.lanes());
            for (int lane = 0; lane < settings.lanes(); lane++) {
                Path file = Path.of(prefix + lane + ".shm");
                Files.deleteIfExists(file);
                memories.add(SharedMemory.create(file, settings.sharedMemoryInitial(), settings.sharedMemoryLimit()));
            }
            process = new ProcessBuilder(command.line(socket, settings.lanes(), prefix, settings.sharedMemoryLimit(), what,
                    settings.spinNanos(), settings.cpuAffinity()))
                    .redirectErrorStream(true).start();
            HostOutput output = HostOutput.pipe(process, what);
            Process started = process;
            CompletableFuture<?> watch = process.onExit().thenRun(() -> close(server));
            CompletableFuture<?> timer = CompletableFuture.runAsync(() -> close(server),
                    CompletableFuture.delayedExecutor(settings.startTimeoutMillis(), TimeUnit.MILLISECONDS));
            Lane[] lanes = new Lane[settings.lanes()];
            try {
                for (int i = 0; i < lanes.length; i++) {
                    SocketChannel channel = server.accept();
                    Frame hello = Frame.empty().read(channel, Frame.newBuffer());
                    int lane = (int) hello.id;
                    if (hello.magic != Frame.REPLY_MAGIC || hello.type != Frame.HELLO || lane < 0 || lane >= lanes.length
                            || lanes[lane] != null || hello.sharedMemory != started.pid()) {
                        channel.close();
                        throw new IOException("a connection that is not this model host's (magic 0x"
                                + Integer.toHexString(hello.magic) + ", pid " + hello.sharedMemory + ")");
                    }
                    lanes[lane] = new Lane(lane, LaneLink.gateway(new LaneChannel(channel), memories.get(lane),
                            settings.spinNanos()));
                }
            } catch (ClosedChannelException e) {
                HostProcess failed = new HostProcess(what, process, output, command.crashFolder(), List.of());
                if (!process.isAlive() || process.waitFor(200, TimeUnit.MILLISECONDS)) {
                    throw new HostNotUsableException("model host died during start: " + failed.deathReason());
                }
                process.destroyForcibly();
                throw new HostNotUsableException(what + ": the model host did not connect within "
                        + settings.startTimeoutMillis() + " ms (startTimeoutSeconds of PID org.modelgate.host)"
                        + lastWords(output));
            } finally {
                watch.cancel(false);
                timer.cancel(false);
            }
            return new HostProcess(what, process, output, command.crashFolder(), List.of(lanes));
        } catch (IOException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            memories.forEach(SharedMemory::close);
            throw new HostNotUsableException(what + ": cannot start a model host: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new HostNotUsableException(what + ": interrupted while its model host started", e);
        } catch (RuntimeException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            memories.forEach(SharedMemory::close);
            throw e;
        } finally {
            try {
                Files.deleteIfExists(socket); // connected sockets live on without their file
                for (int lane = 0; lane < settings.lanes(); lane++) {
                    Files.deleteIfExists(Path.of(prefix + lane + ".shm")); // both sides have it mapped
                }
            } catch (IOException e) {
                // a file left behind is removed by the next start of the same name
            }
        }
    }

    private static void close(ServerSocketChannel server) {
        try {
            server.close();
        } catch (IOException e) {
            // it was closing anyway
        }
    }

    private static String lastWords(HostOutput output) {
        String words = output.lastWords();
        return words == null ? "" : "; it said: " + words;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    List<Lane> lanes() {
        return lanes;
    }

    /** Whether the gateway itself ended it (closed, or replaced it). */
    boolean endedByGateway() {
        return closing;
    }

    /**
     * Loads the model in the host.
     *
     * @throws ModelLoadException when the load fails there or the host dies during it, with the reason
     */
    Loaded load(Map<String, Object> properties, ModelArtifact artifact, ByteBuffer content) {
        Lane lane = lanes.get(0);
        lane.out.clear().putProperties(properties).putString(artifact.name()).putString(artifact.version())
                .putString(artifact.format()).putString(artifact.modelFile().toString()).putStrings(artifact.options())
                .putLong(content == null ? -1 : content.remaining());
        try {
            Wire reply = lane.exchange(Frame.LOAD, content == null ? null : content.duplicate(), 0);
            if (lane.replyType() == Frame.ERROR) {
                byte kind = reply.getByte();
                String message = reply.getString();
                throw kind == HostServer.HOST_NOT_USABLE ? new HostNotUsableException(message) : new ModelLoadException(message);
            }
            return new Loaded(reply.getSpecs(), reply.getSpecs(), reply.getString());
        } catch (IOException e) {
            throw new ModelLoadException(what + ": model host died during load: " + deathReason(), e);
        } catch (Lane.Garbage | RuntimeException e) {
            if (e instanceof ModelgateException modelgate) {
                throw modelgate;
            }
            kill("it answered the load with garbage: " + e.getMessage());
            throw new ModelLoadException(what + ": its model host answered the load with garbage (" + e.getMessage() + ")");
        }
    }

    /**
     * Runs the model once in the host.
     *
     * @throws ModelUnavailableException when the host died during the run (with the reason)
     * @throws InferenceTimeoutException when it took longer than {@code timeoutMillis} (the host is ended)
     * @throws InferenceFailedException when the run failed there, or the host answered garbage (it is ended)
     */
    List<Tensor> run(List<Tensor> inputs, Set<String> outputs, long timeoutMillis) {
        Lane lane = acquire();
        boolean reusable = false;
        try {
            List<Tensor> result = exchange(lane, inputs, outputs, timeoutMillis);
            reusable = true;
            return result;
        } catch (SharedMemory.TooSmall e) {
            reusable = true;
            throw new InferenceFailedException(what + ": the inputs need " + e.needed + " bytes of shared memory, more "
                    + "than the limit of " + e.limit + " bytes (sharedMemoryMaxMiB of PID org.modelgate.host)");
        } catch (Remote e) {
            reusable = true;
            throw e.failure;
        } catch (IOException e) {
            if (lane.timedOut) {
                throw new InferenceTimeoutException(what + " took longer than " + timeoutMillis + " ms in its model host; "
                        + "the host was ended and is replaced");
            }
            throw new ModelUnavailableException(what + ": model host died: " + deathReason(), e);
        } catch (Lane.Garbage e) {
            kill("it answered garbage: " + e.getMessage());
            throw new InferenceFailedException(what + ": its model host answered garbage (" + e.getMessage()
                    + "); the host is replaced");
        } finally {
            if (reusable) {
                free.offer(lane);
            }
        }
    }

    private Lane acquire() {
        try {
            while (true) {
                if (!process.isAlive() || closing) {
                    throw new ModelUnavailableException(what + ": model host died: " + deathReason());
                }
                Lane lane = free.poll(50, TimeUnit.MILLISECONDS);
                if (lane != null) {
                    return lane;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelUnavailableException(what + ": interrupted while waiting for its model host");
        }
    }

    private List<Tensor> exchange(Lane lane, List<Tensor> inputs, Set<String> outputs, long timeoutMillis)
            throws IOException, Lane.Garbage, Remote {
        long needed = SharedMemory.DATA;
        for (Tensor tensor : inputs) {
            if (tensor.dataType() != DataType.BYTES) {
                needed = SharedMemory.align(needed) + (long) tensor.elementCount() * tensor.dataType().byteSize();
            }
        }
        lane.memory.ensure(needed);
        Wire out = lane.out.clear();
        out.putNames(outputs);
        out.putInt(inputs.size());
        ByteBuffer memory = lane.memory.map();
        long position = SharedMemory.DATA;
        for (Tensor tensor : inputs) {
            out.putString(tensor.name()).putType(tensor.dataType()).putShape(tensor.shape());
            if (tensor.dataType() == DataType.BYTES) {
                out.putTexts(tensor.strings());
            } else {
                ByteBuffer data = tensor.buffer();
                position = SharedMemory.align(position);
                memory.put((int) position, data, data.position(), data.remaining());
                out.putLong(position).putLong(data.remaining());
                position += data.remaining();
            }
        }
        lane.timedOut = false;
        Wire reply = lane.run(position, TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        try {
            if (lane.replyType() == Frame.ERROR) {
                byte kind = reply.getByte();
                String message = reply.getString();
                throw new Remote(switch (kind) {
                    case HostServer.INVALID_INPUT -> new InvalidInputException(message);
                    case HostServer.UNAVAILABLE -> new ModelUnavailableException(message);
                    default -> new InferenceFailedException(message);
                });
            }
            return outputs(reply, lane.memory.map());
        } catch (RuntimeException e) {
            throw new Lane.Garbage("an unreadable reply: " + e.getMessage());
        }
    }

    private static List<Tensor> outputs(Wire reply, ByteBuffer memory) {
        int count = reply.count();
        List<Tensor> tensors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = reply.getString();
            DataType type = reply.getType();
            long[] shape = reply.getShape();
            if (type == DataType.BYTES) {
                tensors.add(Tensor.ofStrings(name, shape, reply.getTexts()));
                continue;
            }
            long offset = reply.getLong();
            long length = reply.getLong();
            SharedMemory.checkPlaced(memory, "output", name, offset, length);
            ByteBuffer copy = ByteBuffer.allocate((int) length);
            copy.put(0, memory, (int) offset, (int) length);
            tensors.add(Tensor.of(name, type, shape, copy));
        }
        return tensors;
    }

    /** Ends the host now, saying why (the reason of its death). */
    void kill(String why) {
        if (endedBecause == null) {
            endedBecause = why;
        }
        process.destroyForcibly();
        lanes.forEach(Lane::close);
    }

    /** Ends the host: asks it to close the model and exit, then ends it if it does not. */
    void close() {
        closing = true;
        Lane lane = free.poll();
        if (lane != null && process.isAlive()) {
            lane.out.clear();
            try {
                lane.exchange(Frame.CLOSE, null, TimeUnit.SECONDS.toNanos(5));
            } catch (IOException | Lane.Garbage e) {
                // it ends either way
            }
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        lanes.forEach(Lane::close);
    }

    /**
     * Why the host died: the gateway's reason for ending it, its fatal error report (a signal in a native library),
     * a signal, or its exit code. Waits for the process to end.
     */
    synchronized String deathReason() {
        if (reason != null) {
            return reason;
        }
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
        }
        reason = DeathCause.of(process, endedBecause, crashFolder, output);
        return reason;
    }

    /** A failure the host reported: the request failed, the host is fine. */
    private static final class Remote extends Exception {
        private static final long serialVersionUID = 1L;
        final ModelgateException failure;

        Remote(ModelgateException failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }
}
