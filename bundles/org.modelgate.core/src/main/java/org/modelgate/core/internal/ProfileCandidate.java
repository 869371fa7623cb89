package org.modelgate.core.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.modelgate.api.ExecutionPlan;

/**
 * One way to run a model that profiling measures: a backend, a driver's settings (or the backend's defaults) and
 * an intra-op thread count, and the backend options those give.
 *
 * @param backend the backend
 * @param driver the driver, or null for the backend's defaults
 * @param threads the thread count the backend gets (model.json's options may have fixed it), or
 *     {@link #SHARED_POOL} when the backend runs the model on its shared thread pools
 * @param options what the backend is handed: driver settings, then the thread count, then model.json's options
 */
record ProfileCandidate(BackendCatalog.Entry backend, String driver, int threads, Map<String, String> options) {
    static final String THREADS = "intraOpThreads";

    /** The thread counts tried when the request names none: 1, 2 and every core, without repeats. */
    static List<Integer> defaultThreads(int cores) {
        return List.copyOf(new java.util.TreeSet<>(List.of(1, Math.min(2, cores), cores)));
    }

    /**
     * Every candidate for the plans of each backend, times the thread counts; candidates that would hand a backend the
     * same options (model.json fixes the threads, say) are measured once.
     */
    static List<ProfileCandidate> of(Map<BackendCatalog.Entry, List<ExecutionPlan>> plans, List<Integer> threads,
            Map<String, String> modelOptions) {
        List<ProfileCandidate> candidates = new ArrayList<>();
        Set<List<Object>> seen = new HashSet<>();
        plans.forEach((backend, list) -> {
            for (ExecutionPlan plan : list) {
                for (int count : threads) {
                    Map<String, String> settings = new LinkedHashMap<>(plan.settings());
                    settings.put(THREADS, Integer.toString(count));
                    Map<String, String> options = ExecutionPlanner.options(new ExecutionPlan(plan.accelerator(), plan.rank(),
                            plan.reason(), settings, List.of()), modelOptions);
                    // What the backend really applies: on shared thread pools the counts make no difference.
                    Map<String, String> effective = backend.backend().effectiveOptions(options);
                    if (seen.add(List.of(backend.name(), String.valueOf(plan.accelerator()), new java.util.TreeMap<>(effective)))) {
                        candidates.add(new ProfileCandidate(backend, plan.accelerator(),
                                effective.containsKey(THREADS) ? threadsOf(options, count) : SHARED_POOL, options));
                    }
                }
            }
        });
        return candidates;
    }

    /** The thread count of a candidate whose backend runs it on its shared pools, not threads of its own. */
    static final int SHARED_POOL = 0;

    private static int threadsOf(Map<String, String> options, int asked) {
        try {
            return Integer.parseInt(options.get(THREADS).trim());
        } catch (RuntimeException e) {
            return asked; // model.json set something odd: the backend will say so when it loads
        }
    }

    String label() {
        return backend.name() + "/" + (driver == null ? "defaults" : driver) + "/" + threads + (threads == 1 ? " thread" : " threads");
    }
}
