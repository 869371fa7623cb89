package org.modelgate.remote.mqtt.telemetry;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.modelgate.spi.InferenceRecord;

/**
 * Requests and errors per model version since the gateway started, counted from the record stream. Totals rather
 * than per-period counts: a summary dropped from a full spool then loses no request, the next one has them.
 */
final class RequestCounts {
    /**
     * A model version.
     *
     * @param model the model
     * @param version the version
     */
    record Version(String model, String version) implements Comparable<Version> {
        @Override
        public int compareTo(Version other) {
            int byModel = model.compareTo(other.model);
            return byModel != 0 ? byModel : version.compareTo(other.version);
        }
    }

    /**
     * Totals of one version.
     *
     * @param requests inferences that ended, whatever the outcome
     * @param errors inferences the model or backend failed ({@link InferenceRecord.Outcome#FAILED})
     * @param rejected requests refused before running ({@link InferenceRecord.Outcome#REJECTED})
     */
    record Totals(long requests, long errors, long rejected) {
    }

    private static final class Counters {
        final LongAdder requests = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder rejected = new LongAdder();
    }

    private final Map<Version, Counters> counters = new ConcurrentHashMap<>();

    void count(InferenceRecord record) {
        Counters c = counters.computeIfAbsent(new Version(record.model(), record.version()), v -> new Counters());
        c.requests.increment();
        switch (record.outcome()) {
            case FAILED -> c.errors.increment();
            case REJECTED -> c.rejected.increment();
            case SUCCESS -> { }
        }
    }

    /** The totals of every version seen, ordered by model and version. */
    Map<Version, Totals> totals() {
        Map<Version, Totals> totals = new TreeMap<>();
        counters.forEach((version, c) -> totals.put(version, new Totals(c.requests.sum(), c.errors.sum(), c.rejected.sum())));
        return totals;
    }
}
