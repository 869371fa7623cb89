package org.modelgate.launcher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Tells systemd how the gateway is ({@code Type=notify}, {@code WatchdogSec=}): {@code READY=1} once it started,
 * {@code WATCHDOG=1} every half watchdog interval while it is healthy, {@code STOPPING=1} when it stops.
 *
 * <p>sd_notify is a datagram to the Unix socket in {@code NOTIFY_SOCKET}; Java 17 has Unix domain sockets for
 * streams only, so the messages go through {@code systemd-notify}, a child process; the unit needs
 * {@code NotifyAccess=all}. systemd finds the unit of a message by its sender's process: a sender that has already
 * exited when systemd reads the message cannot be placed. A recent systemd-notify waits until systemd has
 * processed it (it sends {@code BARRIER=1}, seen with systemd 252); for older ones the child stays alive a second
 * longer ({@code sleep 1}). Each watchdog ping repeats {@code READY=1}, so a lost first one heals.
 * Without {@code NOTIFY_SOCKET} (not under systemd) it does nothing.
 */
final class SystemdNotifier implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SystemdNotifier.class.getName());

    private final String socket;
    final long watchdogMicros;
    private final List<String> command;
    private ScheduledExecutorService watchdog;
    private volatile String lastProblem;

    SystemdNotifier(String socket, long watchdogMicros, List<String> command) {
        this.socket = socket;
        this.watchdogMicros = watchdogMicros;
        this.command = List.copyOf(command);
    }

    /**
     * From systemd's environment: {@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC} and {@code WATCHDOG_PID} (a watchdog
     * meant for another process is not ours).
     */
    static SystemdNotifier fromEnvironment(Map<String, String> environment, long pid) {
        String socket = environment.get("NOTIFY_SOCKET");
        long micros = 0;
        String watchdogPid = environment.get("WATCHDOG_PID");
        if (watchdogPid == null || watchdogPid.equals(Long.toString(pid))) {
            try {
                micros = Long.parseLong(environment.getOrDefault("WATCHDOG_USEC", "0"));
            } catch (NumberFormatException e) {
                LOG.warning("WATCHDOG_USEC is not a number (" + environment.get("WATCHDOG_USEC") + "); no watchdog pings");
            }
        }
        return new SystemdNotifier(socket == null || socket.isBlank() ? null : socket, micros,
                List.of("sh", "-c", "systemd-notify \"$@\" && sleep 1", "systemd-notify"));
    }

    /** Whether systemd listens. */
    boolean active() {
        return socket != null;
    }

    /** The gateway is up: READY=1, and the watchdog pings begin (when systemd asked for them). */
    void ready(Supplier<Optional<String>> healthProblem) {
        if (!active()) {
            return;
        }
        send("READY=1", "STATUS=started; models load in the background (GET /v2/health/ready)");
        if (watchdogMicros <= 0) {
            return;
        }
        long period = Math.max(1_000, watchdogMicros / 2);
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "modelgate-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        watchdog.scheduleAtFixedRate(() -> ping(healthProblem), period, period, TimeUnit.MICROSECONDS);
        LOG.info("systemd watchdog: WATCHDOG=1 every " + period / 1000 + " ms while the framework is healthy");
    }

    private void ping(Supplier<Optional<String>> healthProblem) {
        Optional<String> problem;
        try {
            problem = healthProblem.get();
        } catch (RuntimeException e) {
            problem = Optional.of("the health check failed: " + e);
        }
        if (problem.isPresent()) {
            if (!problem.get().equals(lastProblem)) {
                LOG.severe("not telling systemd's watchdog that the gateway is alive: " + problem.get());
            }
            lastProblem = problem.get();
            return;
        }
        lastProblem = null;
        send("WATCHDOG=1", "READY=1");
    }

    /** The gateway stops: STOPPING=1, no more pings. */
    void stopping() {
        close();
        if (active()) {
            send("STOPPING=1");
        }
    }

    @Override
    public void close() {
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
    }

    private void send(String... assignments) {
        List<String> line = new ArrayList<>(command);
        line.addAll(List.of(assignments));
        try {
            ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("NOTIFY_SOCKET", socket);
            builder.start(); // not waited for: it lingers a second on purpose
        } catch (IOException e) {
            LOG.warning("cannot tell systemd " + String.join(" ", assignments) + " (" + e.getMessage()
                    + "): is systemd-notify installed? The unit's start or watchdog will time out");
        }
    }
}
