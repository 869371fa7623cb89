package org.modelgate.traffic.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.modelgate.spi.InferenceRecord;

/**
 * In shadow mode: how often the challenger's answer to a copy matches the champion's answer to the original. The
 * champion's record comes first (the core copies a request after the champion answered it); its summary waits here,
 * by request id, for the shadow record {@code <id>#shadow}. Agreement: the same top class for classifiers, else the
 * first output value within {@value #TOLERANCE}. A copy that failed counts as a disagreement. At most
 * {@code capacity} champion answers wait; the oldest go first (their copies were skipped or are lost).
 */
final class ShadowAgreement {
    /** The suffix the core gives a shadow copy's request id. */
    static final String SHADOW_SUFFIX = "#shadow";
    static final double TOLERANCE = 1e-3;

    private final Map<String, float[]> waiting;
    private long pairs;
    private long agreed;

    ShadowAgreement(int capacity) {
        this.waiting = new LinkedHashMap<>(256, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > capacity;
            }
        };
    }

    static boolean isShadow(InferenceRecord record) {
        return record.requestId() != null && record.requestId().endsWith(SHADOW_SUFFIX);
    }

    synchronized void champion(InferenceRecord record) {
        if (record.outcome() == InferenceRecord.Outcome.SUCCESS && record.requestId() != null) {
            waiting.put(record.requestId(), new float[] { record.topClass(), record.outputValue() });
        }
    }

    synchronized void shadow(InferenceRecord record) {
        String id = record.requestId();
        float[] champion = waiting.remove(id.substring(0, id.length() - SHADOW_SUFFIX.length()));
        if (champion == null || record.outcome() == InferenceRecord.Outcome.REJECTED) {
            return;
        }
        pairs++;
        if (record.outcome() == InferenceRecord.Outcome.SUCCESS
                && agree((int) champion[0], champion[1], record.topClass(), record.outputValue())) {
            agreed++;
        }
    }

    static boolean agree(int championClass, float championValue, int challengerClass, float challengerValue) {
        if (championClass >= 0 && challengerClass >= 0) {
            return championClass == challengerClass;
        }
        return Math.abs(championValue - challengerValue) <= TOLERANCE;
    }

    synchronized long pairs() {
        return pairs;
    }

    /** Share of the pairs that agree; NaN before the first. */
    synchronized double share() {
        return pairs == 0 ? Double.NaN : (double) agreed / pairs;
    }
}
