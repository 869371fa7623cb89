package org.modelgate.host.internal;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelUnavailableException;
import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;
import org.modelgate.host.HostOptions;
import org.modelgate.host.HostedModel;
import org.modelgate.spi.ModelArtifact;

/**
 * A model served by a host process, and the supervision of that process: a host that dies fails its requests in
 * flight, is started again with backoff (serving) or stays dead (a trial), and is given up when it dies too often.
 */
final class ProcessHostedModel implements HostedModel {
    private static final System.Logger LOG = System.getLogger("org.modelgate.host");
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 10_000;
    private final String what;
    private final HostCommand command;
    private final HostSettings settings;
    private final Map<String, Object> properties;
    private final ModelArtifact artifact;
    private final HostOptions options;
    private final Watchdog watchdog;
    private final Runnable onClose;
    /** A private copy of a model that came decrypted in memory, for restarts; wiped on close. */
    private ByteBuffer content;
    private final Deque<Long> deaths = new ArrayDeque<>();
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private volatile HostProcess current;
    private volatile String lastFailure;
    private volatile int restarts;
    private volatile boolean closed;
    private volatile boolean gaveUp;

    private ProcessHostedModel(String what, HostCommand command, HostSettings settings, Map<String, Object> properties,
            ModelArtifact artifact, HostOptions options, Watchdog watchdog, Runnable onClose) {
        this.what = what;
        this.command = command;
        this.settings = settings;
        this.properties = Map.copyOf(properties);
        this.artifact = artifact;
        this.options = options;
        this.watchdog = watchdog;
        this.onClose = onClose;
        ByteBuffer given = artifact.modelContent();
        if (given != null && options.restart()) {
            content = ByteBuffer.allocateDirect(given.remaining());
            content.put(given).flip();
        }
        Started first = startAndLoad(given);
        this.inputs = first.loaded().inputs();
        this.outputs = first.loaded().outputs();
        this.current = first.process();
        supervise(first.process());
    }

    /** A host that has loaded the model. */
    private record Started(HostProcess process, HostProcess.Loaded loaded) {
    }

    /**
     * Starts a host and loads the model there.
     *
     * @throws ModelLoadException when that fails, with the reason
     */
    static ProcessHostedModel start(HostCommand command, HostSettings settings, Map<String, Object> properties,
            ModelArtifact artifact, HostOptions options, Watchdog watchdog, Runnable onClose) {
        String what = "model '" + artifact.name() + "' " + artifact.version();
        return new ProcessHostedModel(what, command, settings, properties, artifact, options, watchdog, onClose);
    }

    private Started startAndLoad(ByteBuffer modelContent) {
        HostProcess process = HostProcess.start(command, settings, what);
        watchdog.watch(process);
        try {
            return new Started(process, process.load(properties, artifact, modelContent));
        } catch (RuntimeException e) {
            process.kill("its load failed");
            throw e;
        }
    }

    private void supervise(HostProcess process) {
        process.onExit().thenRun(() -> died(process));
    }

    private void died(HostProcess process) {
        String reason;
        synchronized (this) {
            if (closed || process.endedByGateway() || current != process) {
                return;
            }
            current = null;
        }
        reason = process.deathReason();
        lastFailure = reason;
        options.listener().died(reason);
        if (!options.restart()) {
            return;
        }
        scheduleRestart(reason);
    }

    private void scheduleRestart(String reason) {
        long now = System.nanoTime();
        int count;
        synchronized (this) {
            deaths.addLast(now);
            while (!deaths.isEmpty() && now - deaths.peekFirst() > TimeUnit.SECONDS.toNanos(options.restartWindowSeconds())) {
                deaths.removeFirst();
            }
            count = deaths.size();
            if (count >= options.maxRestarts()) {
                gaveUp = true;
            }
        }
        if (gaveUp) {
            LOG.log(System.Logger.Level.WARNING, what + ": its model host died " + count + " times within "
                    + options.restartWindowSeconds() + " s; not restarted (" + reason + ")");
            options.listener().gaveUp(reason + " (" + count + " deaths within " + options.restartWindowSeconds() + " s)");
            return;
        }
        long backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(10, count - 1));
        watchdog.later(this::restart, backoff);
    }

    private void restart() {
        if (closed) {
            return;
        }
        HostProcess process;
        try {
            process = startAndLoad(content == null ? null : content.duplicate()).process();
        } catch (RuntimeException e) {
            String reason = e.getMessage();
            lastFailure = reason;
            LOG.log(System.Logger.Level.WARNING, what + ": its model host did not start again: " + reason);
            options.listener().died(reason);
            scheduleRestart(reason);
            return;
        }
        synchronized (this) {
            if (closed) {
                process.close();
                return;
            }
            current = process;
            restarts++;
        }
        supervise(process);
        options.listener().restarted(restarts);
    }

    /** The host serving now, or null (for tests). */
    HostProcess host() {
        return current;
    }

    @Override
    public List<TensorSpec> inputs() {
        return inputs;
    }

    @Override
    public List<TensorSpec> outputs() {
        return outputs;
    }

    @Override
    public List<Tensor> run(List<Tensor> inputs, Set<String> outputs) {
        HostProcess process = current;
        if (process == null) {
            throw unavailable();
        }
        return process.run(inputs, outputs, options.requestTimeoutMillis());
    }

    private ModelUnavailableException unavailable() {
        if (closed) {
            return new ModelUnavailableException(what + " was closed");
        }
        if (gaveUp) {
            return new ModelUnavailableException(what + ": its model host kept dying and was given up: " + lastFailure);
        }
        if (!options.restart()) {
            return new ModelUnavailableException(what + ": model host died: " + lastFailure);
        }
        return new ModelUnavailableException(what + ": its model host died (" + lastFailure + ") and is being restarted");
    }

    @Override
    public long pid() {
        HostProcess process = current;
        return process == null || !process.alive() ? -1 : process.pid();
    }

    @Override
    public long residentBytes() {
        long pid = pid();
        if (pid < 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // no /proc (not Linux) or the host just ended
        }
        return -1;
    }

    @Override
    public int restarts() {
        return restarts;
    }

    @Override
    public String lastFailure() {
        return lastFailure;
    }

    @Override
    public void close() {
        HostProcess process;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            process = current;
            current = null;
        }
        if (process != null) {
            process.close();
        }
        if (content != null) {
            for (int i = 0; i < content.capacity(); i++) {
                content.put(i, (byte) 0);
            }
            content = null;
        }
        onClose.run();
    }

    @Override
    public String toString() {
        return what + " in model host pid " + pid();
    }
}
