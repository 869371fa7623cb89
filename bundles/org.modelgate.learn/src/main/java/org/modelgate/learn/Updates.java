package org.modelgate.learn;

import java.util.List;

/** Checks shared by the aggregations. */
final class Updates {
    private Updates() {
    }

    /** The length every update has; refuses an empty list and differing lengths. */
    static int commonLength(List<ClientUpdate> updates) {
        if (updates.isEmpty()) {
            throw new IllegalArgumentException("no accepted updates to aggregate");
        }
        int length = updates.get(0).delta().length;
        for (ClientUpdate u : updates) {
            if (u.delta().length != length) {
                throw new IllegalArgumentException("the update of " + u.device() + " has " + u.delta().length
                        + " parameters, the one of " + updates.get(0).device() + " " + length
                        + "; validate updates before aggregating them");
            }
        }
        return length;
    }

    static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
