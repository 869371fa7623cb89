package org.modelgate.explain.internal;

import java.util.List;

import org.modelgate.explain.ExplainRefusedException;
import org.modelgate.explain.ExplainRefusedException.Reason;

/**
 * Where permutation importance finds rows with their true labels: the health monitor's labelled window.
 */
@FunctionalInterface
public interface LabelledRows {
    /** No health monitor runs: every call is refused with NO_HEALTH_MONITOR. */
    LabelledRows NONE = model -> {
        throw new ExplainRefusedException(Reason.NO_HEALTH_MONITOR, null, "permutation importance reads the rows "
                + "that got label feedback from the health monitor (bundle org.modelgate.monitor.health), which is not "
                + "running");
    };

    /**
     * The labelled rows of a model.
     *
     * @param rows the input rows
     * @param labels the true label of each
     */
    record Window(List<float[]> rows, List<String> labels) {
    }

    /**
     * The recent rows of a model that got label feedback.
     *
     * @param model the model name
     * @return the rows and labels (empty when none)
     */
    Window window(String model);
}
