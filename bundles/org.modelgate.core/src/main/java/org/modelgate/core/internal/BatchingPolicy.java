package org.modelgate.core.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.modelgate.api.ModelLoadException;
import org.modelgate.api.TensorSpec;
import org.modelgate.spi.LoadedModel;

/**
 * model.json {@code "batching"}: the version's requests queue and a batcher thread runs them together, as Triton's
 * dynamic batcher does. Without it (the default) a request runs on its caller's thread, alone.
 *
 * <pre>
 * "batching": {"max_batch": 16, "preferred_sizes": [4, 8, 16], "max_queue_delay_us": 500}
 * </pre>
 *
 * @param maxBatch the most rows in one run (1 to {@value #MAX_ROWS})
 * @param preferredSizes batch sizes run as soon as the queue holds exactly that many rows, ascending, each at most
 *     {@code maxBatch}; may be empty
 * @param maxQueueDelayMicros how long the oldest request may wait for others before its batch runs anyway
 */
record BatchingPolicy(int maxBatch, int[] preferredSizes, long maxQueueDelayMicros) {
    /** The largest {@code max_batch} accepted: the batcher keeps counters per size. */
    static final int MAX_ROWS = 1024;
    private static final long MAX_DELAY_MICROS = 10_000_000;
    private static final Set<String> KEYS = Set.of("max_batch", "preferred_sizes", "max_queue_delay_us");

    /** Parses {@code "batching"}; null when absent. */
    static BatchingPolicy parse(Object value, Path file) {
        if (value == null) {
            return null;
        }
        String where = file + ": \"batching\"";
        if (!(value instanceof Map<?, ?> map)) {
            throw new ModelDescriptor.InvalidDescriptorException(where + " must be an object, e.g. {\"max_batch\": 16, "
                    + "\"preferred_sizes\": [4, 8, 16], \"max_queue_delay_us\": 500}");
        }
        for (Object key : map.keySet()) {
            if (!KEYS.contains(key)) {
                throw new ModelDescriptor.InvalidDescriptorException(where + " has an unknown setting \"" + key
                        + "\"; the settings are max_batch, preferred_sizes, max_queue_delay_us");
            }
        }
        int maxBatch = (int) whole(map.get("max_batch"), where + ".max_batch", 1, MAX_ROWS, -1);
        if (maxBatch < 0) {
            throw new ModelDescriptor.InvalidDescriptorException(where + ".max_batch is missing: the most rows one run "
                    + "takes, 1 to " + MAX_ROWS);
        }
        long delay = whole(map.get("max_queue_delay_us"), where + ".max_queue_delay_us", 0, MAX_DELAY_MICROS, 100);
        List<Integer> preferred = new ArrayList<>();
        Object sizes = map.get("preferred_sizes");
        if (sizes != null) {
            if (!(sizes instanceof List<?> list)) {
                throw new ModelDescriptor.InvalidDescriptorException(where + ".preferred_sizes must be a list of batch "
                        + "sizes, e.g. [4, 8]");
            }
            for (Object size : list) {
                int n = (int) whole(size, where + ".preferred_sizes", 1, maxBatch, -1);
                if (!preferred.isEmpty() && n <= preferred.get(preferred.size() - 1)) {
                    throw new ModelDescriptor.InvalidDescriptorException(where + ".preferred_sizes " + list
                            + " must be ascending, without repeats");
                }
                preferred.add(n);
            }
        }
        return new BatchingPolicy(maxBatch, preferred.stream().mapToInt(Integer::intValue).toArray(), delay);
    }

    private static long whole(Object value, String where, long min, long max, long absent) {
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < min || n.longValue() > max) {
            throw new ModelDescriptor.InvalidDescriptorException(where + " must be a whole number from " + min + " to "
                    + max + ", got " + value);
        }
        return n.longValue();
    }

    /**
     * Checks what model.json declares ({@code "inputs"}, {@code "outputs"}) so that a package that cannot batch is
     * refused at install, before it loads.
     */
    void checkDeclared(ModelSchema schema, Path file) {
        try {
            checkFree("input", schema.inputs(), file.toString());
            checkFree("output", schema.outputs(), file.toString());
        } catch (ModelLoadException e) {
            throw new ModelDescriptor.InvalidDescriptorException(e.getMessage());
        }
    }

    /**
     * Checks that the loaded model can batch: every input and output has a free first dimension, so requests can be
     * concatenated along it and the outputs split back.
     *
     * @throws ModelLoadException naming the first tensor whose first dimension is fixed
     */
    void check(LoadedModel model, String what) {
        checkFree("input", model.inputs(), what);
        checkFree("output", model.outputs(), what);
    }

    private static void checkFree(String kind, List<TensorSpec> specs, String what) {
        for (TensorSpec spec : specs) {
            long[] shape = spec.shape();
            if (shape.length == 0 || shape[0] != TensorSpec.DYNAMIC) {
                throw new ModelLoadException(what + " cannot batch (model.json \"batching\"): " + kind + " '"
                        + spec.name() + "' is " + spec.signature() + ", its first dimension is not free; dynamic "
                        + "batching needs a free first (batch) dimension on every input and output. Export the model "
                        + "with a dynamic batch axis or remove \"batching\" from model.json");
            }
        }
    }

    /** Whether {@code rows} is one of the preferred sizes. */
    boolean preferred(int rows) {
        for (int size : preferredSizes) {
            if (size == rows) {
                return true;
            }
        }
        return false;
    }

    /** The largest preferred size, or 0 when none is set. */
    int largestPreferred() {
        return preferredSizes.length == 0 ? 0 : preferredSizes[preferredSizes.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchingPolicy p && p.maxBatch == maxBatch && p.maxQueueDelayMicros == maxQueueDelayMicros
                && java.util.Arrays.equals(p.preferredSizes, preferredSizes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * maxBatch + java.util.Arrays.hashCode(preferredSizes)) + Long.hashCode(maxQueueDelayMicros);
    }

    @Override
    public String toString() {
        return "max_batch " + maxBatch + ", preferred_sizes " + java.util.Arrays.toString(preferredSizes)
                + ", max_queue_delay_us " + maxQueueDelayMicros;
    }
}
