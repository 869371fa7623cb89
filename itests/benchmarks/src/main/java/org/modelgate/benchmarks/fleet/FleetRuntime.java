package org.modelgate.benchmarks.fleet;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the simulated gateways of one JVM share: a few worker threads for their commands and publishes (each
 * gateway's Paho client keeps its own network threads), one scheduler for telemetry and late reports, and counters
 * of the messages they sent and received.
 */
public final class FleetRuntime implements AutoCloseable {
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    /** @param workerThreads threads that run commands and wait for PUBACKs, for all gateways together */
    public FleetRuntime(int workerThreads) {
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(workerThreads, workerThreads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> daemon(r, "simulated-gateway-worker-" + n.incrementAndGet()));
        this.scheduler = Executors.newScheduledThreadPool(2, r -> daemon(r, "simulated-gateway-scheduler"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    ThreadPoolExecutor workers() {
        return workers;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    void sent() {
        sent.incrementAndGet();
    }

    void received() {
        received.incrementAndGet();
    }

    void disconnected(String device) {
        disconnects.incrementAndGet();
    }

    void failedPublish(String what) {
        if (failures.size() < 100) {
            failures.add(what);
        }
    }

    /** @return messages the gateways published and the broker acknowledged */
    public long messagesSent() {
        return sent.get();
    }

    /** @return messages delivered to the gateways */
    public long messagesReceived() {
        return received.get();
    }

    /** @return connections the broker dropped */
    public long disconnects() {
        return disconnects.get();
    }

    /** @return the first failed publishes and errors, for a report */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        workers.shutdownNow();
    }
}
