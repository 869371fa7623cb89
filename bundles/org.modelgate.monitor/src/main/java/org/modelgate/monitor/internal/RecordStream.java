package org.modelgate.monitor.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;
import org.modelgate.monitor.RecordStreamStatus;
import org.modelgate.spi.InferenceMonitor;
import org.modelgate.spi.InferenceRecord;
import org.modelgate.spi.InferenceRecordSink;

/**
 * The record stream: a bounded multi-producer single-consumer queue that request threads offer to, and one
 * dispatcher thread that drains it into every monitor's {@link MonitorLane}.
 *
 * <p>A request thread does one lock-free offer (a CAS on the producer index) and, when the queue is full, one
 * counter increment; it never waits, never signals the dispatcher and allocates nothing.
 */
final class RecordStream implements InferenceRecordSink, RecordStreamStatus {
    private static final int DRAIN_BATCH = 1024;

    private final MpscAtomicArrayQueue<InferenceRecord> queue;
    private final int laneCapacity;
    private final LongAdder dropped = new LongAdder();
    private final MessagePassingQueue.Consumer<InferenceRecord> dispatch = this::dispatch;
    private final Thread dispatcher;
    private volatile MonitorLane[] lanes = new MonitorLane[0];
    private volatile long dispatched;
    private volatile boolean running = true;

    RecordStream(int capacity, int laneCapacity) {
        this.queue = new MpscAtomicArrayQueue<>(Math.max(2, capacity));
        this.laneCapacity = Math.max(2, laneCapacity);
        this.dispatcher = new Thread(this::dispatchUntilClosed, "modelgate-record-stream");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    @Override
    public void offer(InferenceRecord record) {
        if (!queue.offer(record)) {
            dropped.increment();
        }
    }

    synchronized void add(InferenceMonitor monitor, String name) {
        MonitorLane lane = new MonitorLane(name, monitor, laneCapacity);
        MonitorLane[] now = lanes;
        MonitorLane[] next = Arrays.copyOf(now, now.length + 1);
        next[now.length] = lane;
        lane.start();
        lanes = next;
    }

    synchronized void remove(InferenceMonitor monitor) {
        List<MonitorLane> kept = new ArrayList<>();
        for (MonitorLane lane : lanes) {
            if (lane.monitor == monitor) {
                lane.stop();
            } else {
                kept.add(lane);
            }
        }
        lanes = kept.toArray(new MonitorLane[0]);
    }

    /** Stops the dispatcher and every lane; records still queued are not delivered. */
    synchronized void close() {
        running = false;
        try {
            dispatcher.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (MonitorLane lane : lanes) {
            lane.stop();
        }
        lanes = new MonitorLane[0];
    }

    private void dispatchUntilClosed() {
        while (running) {
            if (queue.drain(dispatch, DRAIN_BATCH) == 0) {
                IdleWait.pause();
            }
        }
    }

    private void dispatch(InferenceRecord record) {
        dispatched++; // this thread is the only writer
        for (MonitorLane lane : lanes) {
            lane.offer(record);
        }
    }

    @Override
    public long recordsTaken() {
        return dispatched + queue.size();
    }

    @Override
    public long recordsDropped() {
        return dropped.sum();
    }

    @Override
    public List<MonitorStatus> monitors() {
        return Arrays.stream(lanes).map(MonitorLane::status).toList();
    }
}
