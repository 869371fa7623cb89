package org.modelgate.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears how far a profile has come, e.g. to draw a progress bar; called on the profiling thread after each
 * candidate's load, warm-up and timed runs.
 */
@FunctionalInterface
@ConsumerType
public interface ProfileListener {
    /** A listener that ignores progress. */
    ProfileListener NONE = (done, total, step) -> { };

    /**
     * A step has finished.
     *
     * @param done steps finished so far
     * @param total steps in all (three per candidate, plus storing the winner)
     * @param step what was just done, e.g. {@code "onnxruntime/cpu/2 threads: timed 50 runs"}
     */
    void progress(int done, int total, String step);
}
