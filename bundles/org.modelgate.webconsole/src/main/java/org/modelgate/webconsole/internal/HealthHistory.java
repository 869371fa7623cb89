package org.modelgate.webconsole.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accuracy and drift share of each model, sampled every few seconds, over the last
 * {@value #POINTS} samples; at most {@value #MAX_MODELS} models (the one sampled longest ago makes
 * room). Fixed memory, like {@link LatencySeries}.
 */
final class HealthHistory {
    /** Samples kept per model: ten minutes at one sample every five seconds. */
    static final int POINTS = 120;
    static final int MAX_MODELS = 32;

    private final Map<String, Ring> rings = new LinkedHashMap<>();

    /**
     * Adds one sample.
     *
     * @param model the model
     * @param point its health now
     */
    synchronized void add(String model, HealthSource.HealthPoint point) {
        Ring ring = rings.get(model);
        if (ring == null) {
            if (rings.size() >= MAX_MODELS) {
                String stalest = null;
                long stalestSecond = Long.MAX_VALUE;
                for (Map.Entry<String, Ring> entry : rings.entrySet()) {
                    if (entry.getValue().newestSecond() < stalestSecond) {
                        stalestSecond = entry.getValue().newestSecond();
                        stalest = entry.getKey();
                    }
                }
                rings.remove(stalest);
            }
            ring = new Ring();
            rings.put(model, ring);
        }
        ring.add(point);
    }

    /**
     * @param model the model
     * @return its samples, oldest first; empty when none
     */
    synchronized List<HealthSource.HealthPoint> points(String model) {
        Ring ring = rings.get(model);
        return ring == null ? List.of() : ring.points();
    }

    /** @return how many models have samples */
    synchronized int models() {
        return rings.size();
    }

    private static final class Ring {
        private final HealthSource.HealthPoint[] points = new HealthSource.HealthPoint[POINTS];
        private int next;
        private int size;

        void add(HealthSource.HealthPoint point) {
            points[next] = point;
            next = (next + 1) % POINTS;
            size = Math.min(size + 1, POINTS);
        }

        long newestSecond() {
            return size == 0 ? Long.MIN_VALUE : points[Math.floorMod(next - 1, POINTS)].epochSecond();
        }

        List<HealthSource.HealthPoint> points() {
            List<HealthSource.HealthPoint> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(points[Math.floorMod(next - size + i, POINTS)]);
            }
            return list;
        }
    }
}
