package org.modelgate.monitor.internal;

import java.util.concurrent.atomic.AtomicLong;

import org.jctools.queues.atomic.SpscAtomicArrayQueue;
import org.modelgate.monitor.RecordStreamStatus.MonitorStatus;
import org.modelgate.spi.InferenceMonitor;
import org.modelgate.spi.InferenceRecord;

/**
 * One monitor's queue and thread: the dispatcher offers, the monitor's thread takes. A full queue drops the record
 * for this monitor only; a monitor that throws is counted and logged once and goes on receiving records.
 */
final class MonitorLane implements Runnable {
    private static final System.Logger LOG = System.getLogger(MonitorLane.class.getName());

    final String name;
    final InferenceMonitor monitor;
    private final SpscAtomicArrayQueue<InferenceRecord> queue;
    private final Thread thread;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running = true;

    MonitorLane(String name, InferenceMonitor monitor, int capacity) {
        this.name = name;
        this.monitor = monitor;
        this.queue = new SpscAtomicArrayQueue<>(capacity);
        this.thread = new Thread(this, "modelgate-monitor-" + name);
        thread.setDaemon(true); // a hanging monitor must not keep the JVM alive
    }

    void start() {
        thread.start();
    }

    /** Called by the dispatcher thread only. */
    void offer(InferenceRecord record) {
        if (!queue.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    /** Stops taking records; interrupts the monitor if it is inside {@code accept} (it may hang there). */
    void stop() {
        running = false;
        thread.interrupt();
    }

    MonitorStatus status() {
        return new MonitorStatus(name, delivered.get(), dropped.get(), failures.get());
    }

    @Override
    public void run() {
        while (running) {
            InferenceRecord record = queue.poll();
            if (record == null) {
                IdleWait.pause();
                continue;
            }
            deliver(record);
        }
    }

    private void deliver(InferenceRecord record) {
        try {
            monitor.accept(record);
            delivered.incrementAndGet();
        } catch (RuntimeException | LinkageError | AssertionError e) {
            if (failures.getAndIncrement() == 0) {
                LOG.log(System.Logger.Level.WARNING, "monitor '" + name + "' threw on a record of " + record.model() + " "
                        + record.version() + "; it keeps receiving records, later failures are only counted"
                        + " (modelgate_monitor_failures_total)", e);
            }
        }
    }
}
