package org.modelgate.explain.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.modelgate.explain.ExplainRefusedException;
import org.modelgate.explain.ExplainRefusedException.Reason;
import org.modelgate.monitor.drift.FeatureProfile;
import org.modelgate.monitor.drift.InvalidSectionException;
import org.modelgate.monitor.drift.ReferenceProfile;
import org.modelgate.monitor.drift.TensorProfile;

/**
 * The row attributions start from: each feature at its mean in model.json's {@code "reference"}, with the
 * reference's feature names.
 *
 * @param names the feature names
 * @param means the reference mean of each feature
 */
public record Baseline(List<String> names, double[] means) {
    /**
     * Copies the list.
     */
    public Baseline {
        names = List.copyOf(names);
    }

    /**
     * Reads the baseline of a model's input from its model.json.
     *
     * @param model the model name (for messages)
     * @param modelJson the document, or empty
     * @param input the input tensor's name
     * @param width F
     * @return the baseline
     * @throws ExplainRefusedException NO_REFERENCE when there is no usable reference for the input
     */
    public static Baseline of(String model, Optional<Map<String, Object>> modelJson, String input, int width) {
        Object section = modelJson.map(json -> json.get("reference")).orElse(null);
        if (section == null) {
            throw new ExplainRefusedException(Reason.NO_REFERENCE, "explain", "model '" + model + "' has no \"reference\""
                    + " in its model.json; attribution replaces features by their reference means (add one with "
                    + "mgpack reference)");
        }
        ReferenceProfile reference;
        try {
            reference = ReferenceProfile.parse(section);
        } catch (InvalidSectionException e) {
            throw new ExplainRefusedException(Reason.NO_REFERENCE, "explain", "model '" + model + "': its \"reference\" "
                    + "cannot be read: " + e.getMessage());
        }
        TensorProfile profile = reference.inputs().get(input);
        if (profile == null && reference.inputs().size() == 1) {
            profile = reference.inputs().values().iterator().next();
        }
        if (profile == null || profile.width() != width) {
            throw new ExplainRefusedException(Reason.NO_REFERENCE, "explain", "model '" + model + "': its \"reference\" "
                    + "has no profile of input '" + input + "' with " + width + " features");
        }
        List<String> names = new ArrayList<>();
        double[] means = new double[width];
        for (int f = 0; f < width; f++) {
            FeatureProfile feature = profile.features().get(f);
            names.add(feature.name() == null || feature.name().isEmpty() ? "f" + f : feature.name());
            means[f] = feature.mean();
        }
        return new Baseline(names, means);
    }

    /**
     * Names f0..fn, for a model without a reference.
     *
     * @param width F
     * @return the names
     */
    public static List<String> defaultNames(int width) {
        List<String> names = new ArrayList<>(width);
        for (int f = 0; f < width; f++) {
            names.add("f" + f);
        }
        return names;
    }
}
