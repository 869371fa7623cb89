package org.modelgate.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How a loaded model runs: the accelerator driver the core chose for it, why, and the settings that driver
 * gave the backend.
 *
 * @param accelerator the driver's name (e.g. {@code cpu}, {@code cuda}, {@code npu}), or null when no driver
 *        offered settings and the backend runs the model with its own defaults
 * @param rank the rank the driver gave the model (0 without a driver)
 * @param reason why this driver: e.g. {@code "highest rank"}, {@code "first of the model's accelerators hint"},
 *        {@code "plan.json"}
 * @param settings the settings the driver (and plan.json) handed the backend; the model's own options in
 *        model.json win over them
 * @param notes what the planner passed over and why: drivers that failed, a plan.json that did not apply, a
 *        load that failed on a better driver
 */
@ProviderType
public record ExecutionPlan(String accelerator, int rank, String reason, Map<String, String> settings,
        List<String> notes) {
    /**
     * Creates a plan, copying the settings (in key order) and the notes.
     *
     * @param accelerator the driver, or null
     * @param rank the rank
     * @param reason why
     * @param settings the settings
     * @param notes the notes
     */
    public ExecutionPlan {
        Objects.requireNonNull(reason, "reason");
        settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
        notes = List.copyOf(notes);
    }

    /**
     * Whether two plans run a model the same way (same driver, same settings), whatever their notes say.
     *
     * @param other the other plan, or null
     * @return true when loading under either gives the same session
     */
    public boolean sameExecution(ExecutionPlan other) {
        return other != null && Objects.equals(accelerator, other.accelerator) && settings.equals(other.settings);
    }
}
