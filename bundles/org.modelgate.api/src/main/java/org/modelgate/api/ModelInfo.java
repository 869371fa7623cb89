package org.modelgate.api;

import java.util.List;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A model as the registry knows it: its versions, the active one, and how it is served.
 *
 * @param name the model name, unique on the gateway
 * @param version the active version, the one requests are routed to
 * @param versions every version in the repository, oldest first
 * @param format the model format, e.g. {@code onnx}
 * @param backend the backend serving the active version, or null when none is
 * @param state the state of the active version
 * @param reason why the state is what it is (set for FAILED and UNAVAILABLE), or null
 * @param inputs the inputs the model takes (known once loaded, else as declared in model.json)
 * @param outputs the outputs it gives
 * @param labels class labels for classifier outputs, empty if none
 * @param plan how the serving version runs (the accelerator driver chosen and its settings), or null when none
 *        serves
 * @param host the model host process the serving version runs in ({@code "isolation": "process"}), or null when it
 *        runs in the gateway's own process or none serves
 */
@ProviderType
public record ModelInfo(String name, String version, List<String> versions, String format, String backend,
        ModelState state, String reason, List<TensorSpec> inputs, List<TensorSpec> outputs, List<String> labels,
        ExecutionPlan plan, ModelHostInfo host) {

    /**
     * Creates a descriptor, copying the lists.
     *
     * @param name the name
     * @param version the active version
     * @param versions all versions
     * @param format the format
     * @param backend the backend, or null
     * @param state the state
     * @param reason the reason, or null
     * @param inputs the inputs
     * @param outputs the outputs
     * @param labels the labels
     * @param plan the execution plan, or null
     * @param host the model host process, or null
     */
    public ModelInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        versions = List.copyOf(versions);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        labels = List.copyOf(labels);
    }

    /**
     * Creates a descriptor of a model that runs in the gateway's own process (or does not run).
     *
     * @param name the name
     * @param version the active version
     * @param versions all versions
     * @param format the format
     * @param backend the backend, or null
     * @param state the state
     * @param reason the reason, or null
     * @param inputs the inputs
     * @param outputs the outputs
     * @param labels the labels
     * @param plan the execution plan, or null
     */
    public ModelInfo(String name, String version, List<String> versions, String format, String backend,
            ModelState state, String reason, List<TensorSpec> inputs, List<TensorSpec> outputs, List<String> labels,
            ExecutionPlan plan) {
        this(name, version, versions, format, backend, state, reason, inputs, outputs, labels, plan, null);
    }

    /**
     * Creates a descriptor without an execution plan (as before plans existed).
     *
     * @param name the name
     * @param version the active version
     * @param versions all versions
     * @param format the format
     * @param backend the backend, or null
     * @param state the state
     * @param reason the reason, or null
     * @param inputs the inputs
     * @param outputs the outputs
     * @param labels the labels
     */
    public ModelInfo(String name, String version, List<String> versions, String format, String backend,
            ModelState state, String reason, List<TensorSpec> inputs, List<TensorSpec> outputs, List<String> labels) {
        this(name, version, versions, format, backend, state, reason, inputs, outputs, labels, null, null);
    }

    /**
     * The accelerator driver the serving version runs under.
     *
     * @return the driver's name, or null (not serving, or the backend's defaults)
     */
    public String accelerator() {
        return plan == null ? null : plan.accelerator();
    }

    /**
     * Whether requests to this model are served now.
     *
     * @return true when READY
     */
    public boolean isReady() {
        return state == ModelState.READY;
    }
}
