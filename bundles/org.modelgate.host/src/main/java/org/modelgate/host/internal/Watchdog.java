package org.modelgate.host.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ends hosts whose request under way is past its deadline: the request's read then fails, and it reports a
 * timeout. One thread for every host of the gateway, checking every {@value #PERIOD_MILLIS} ms; it also runs the
 * restarts of hosts that died.
 */
final class Watchdog implements AutoCloseable {
    static final long PERIOD_MILLIS = 20;
    private final Set<HostProcess> watched = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "modelgate-host-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledFuture<?> checks;

    Watchdog() {
        checks = timer.scheduleWithFixedDelay(this::check, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    void watch(HostProcess process) {
        watched.add(process);
        process.onExit().thenRun(() -> watched.remove(process));
    }

    /** Runs {@code task} after {@code delayMillis} on the watchdog's thread (keep it short: it starts a host). */
    void later(Runnable task, long delayMillis) {
        timer.schedule(() -> new Thread(task, "modelgate-host-restart").start(), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void check() {
        long now = System.nanoTime();
        for (HostProcess process : watched) {
            for (Lane lane : process.lanes()) {
                long deadline = lane.deadline;
                if (deadline != 0 && now - deadline > 0) {
                    lane.timedOut = true;
                    process.kill("a request took longer than its time limit; the gateway ended the host");
                    break;
                }
            }
        }
    }

    @Override
    public void close() {
        checks.cancel(false);
        timer.shutdownNow();
    }
}
