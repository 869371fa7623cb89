package org.modelgate.monitor.health.internal;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Predictions by request id, waiting for their feedback: bounded (the oldest are evicted) and with a time to
 * live. Ids it forgot (evicted, expired, answered) are remembered in a smaller bounded map with the reason,
 * so that a late feedback is told "expired", not "unknown". Thread-safe (one lock; the monitor thread adds,
 * feedback calls take).
 */
final class PredictionLedger {
    private final int capacity;
    private final long ttlMillis;
    private final int forgottenCapacity;
    private final LinkedHashMap<String, Prediction> predictions = new LinkedHashMap<>();
    private final LinkedHashMap<String, String> forgotten = new LinkedHashMap<>();

    PredictionLedger(int capacity, Duration ttl, int forgottenCapacity) {
        this.capacity = capacity;
        this.ttlMillis = ttl.toMillis();
        this.forgottenCapacity = forgottenCapacity;
    }

    synchronized void add(String requestId, Prediction prediction, long nowMillis) {
        forgotten.remove(requestId);
        predictions.remove(requestId);
        predictions.put(requestId, prediction);
        notifyAll(); // a feedback may be waiting for this prediction
        if (predictions.size() > capacity) {
            Iterator<Map.Entry<String, Prediction>> oldest = predictions.entrySet().iterator();
            String id = oldest.next().getKey();
            oldest.remove();
            forget(id, "evicted: the gateway keeps the newest " + capacity + " predictions for feedback");
        }
        expire(nowMillis);
    }

    /** The prediction waiting for feedback, or null when absent (never seen, or forgotten). */
    synchronized Prediction find(String requestId, long nowMillis) {
        expire(nowMillis);
        Prediction prediction = predictions.get(requestId);
        return prediction;
    }

    /**
     * The prediction, waiting up to {@code waitMillis} for it when the id is neither known nor forgotten: the
     * record of a request reaches the monitor on the record stream's thread a moment after its response, and a
     * client may send its feedback at once.
     *
     * @return the prediction, or null (then {@link #forgottenBecause} may say why)
     */
    synchronized Prediction await(String requestId, java.time.Clock clock, long waitMillis) {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (true) {
            Prediction prediction = find(requestId, clock.millis());
            if (prediction != null || forgotten.containsKey(requestId)) {
                return prediction;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            try {
                wait(Math.max(1, left / 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** Marks a prediction answered: a second feedback for it is refused as expired. */
    synchronized void answered(String requestId) {
        if (predictions.remove(requestId) != null) {
            forget(requestId, "it already has its feedback");
        }
    }

    /** Why an id was forgotten, or null when it was never seen (or forgotten too long ago). */
    synchronized String forgottenBecause(String requestId) {
        return forgotten.get(requestId);
    }

    synchronized int size() {
        return predictions.size();
    }

    private void expire(long nowMillis) {
        Iterator<Map.Entry<String, Prediction>> it = predictions.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Prediction> e = it.next();
            if (nowMillis - e.getValue().atMillis() <= ttlMillis) {
                break; // insertion order is arrival order: the rest are younger
            }
            it.remove();
            forget(e.getKey(), "expired: a prediction waits " + Duration.ofMillis(ttlMillis).toMinutes()
                    + " minutes for its feedback");
        }
    }

    private void forget(String id, String reason) {
        forgotten.remove(id);
        forgotten.put(id, reason);
        if (forgotten.size() > forgottenCapacity) {
            Iterator<String> oldest = forgotten.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }
}
