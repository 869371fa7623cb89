package org.modelgate.monitor.health.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.modelgate.monitor.drift.DriftDetector;
import org.modelgate.monitor.drift.FeatureProfile;
import org.modelgate.monitor.drift.InvalidSectionException;
import org.modelgate.monitor.drift.MonitorSettings;
import org.modelgate.monitor.drift.ReferenceProfile;
import org.modelgate.monitor.drift.TensorProfile;

/**
 * What a version's model.json gives the monitor: class labels, feature names, and a drift detector built from
 * its {@code reference} and {@code monitor} sections, or the reason there is none.
 *
 * @param labels the class labels (empty for a regression or an unlabelled model)
 * @param features the input feature names, from the reference, else empty (the monitor names them f0..fn)
 * @param drift the detector, or null
 * @param driftUnavailable why there is no detector, or null
 */
record VersionSetup(List<String> labels, List<String> features, DriftDetector drift, String driftUnavailable) {
    static final String NO_REFERENCE = "model.json has no reference; mgpack reference adds one";

    static VersionSetup of(Map<String, Object> modelJson, MonitorSettings defaults) {
        List<String> labels = strings(modelJson.get("labels"));
        Object section = modelJson.get("reference");
        if (section == null) {
            return new VersionSetup(labels, List.of(), null, NO_REFERENCE);
        }
        ReferenceProfile reference;
        MonitorSettings settings;
        try {
            reference = ReferenceProfile.parse(section);
        } catch (InvalidSectionException e) {
            return new VersionSetup(labels, List.of(), null, "model.json's reference cannot be read: " + e.getMessage());
        }
        TensorProfile inputs = firstInput(reference, modelJson);
        if (inputs == null) {
            return new VersionSetup(labels, List.of(), null, "model.json's reference profiles no input tensor");
        }
        List<String> features = inputs.features().stream().map(FeatureProfile::name).toList();
        try {
            settings = MonitorSettings.parse(modelJson.get("monitor"), defaults);
        } catch (InvalidSectionException e) {
            return new VersionSetup(labels, features, null, "model.json's monitor section cannot be read: " + e.getMessage());
        }
        TensorProfile outputs = reference.outputs().isEmpty() ? null : reference.outputs().values().iterator().next();
        return new VersionSetup(labels, features, new DriftDetector(inputs, outputs, settings), null);
    }

    static VersionSetup unavailable(String why) {
        return new VersionSetup(List.of(), List.of(), null, why);
    }

    /** The reference of the input the record summarizes: model.json's first input, else the reference's first. */
    private static TensorProfile firstInput(ReferenceProfile reference, Map<String, Object> modelJson) {
        if (modelJson.get("inputs") instanceof List<?> inputs && !inputs.isEmpty() && inputs.get(0) instanceof Map<?, ?> first
                && reference.inputs().get(String.valueOf(first.get("name"))) != null) {
            return reference.inputs().get(String.valueOf(first.get("name")));
        }
        return reference.inputs().isEmpty() ? null : reference.inputs().values().iterator().next();
    }

    private static List<String> strings(Object list) {
        List<String> out = new ArrayList<>();
        if (list instanceof List<?> values) {
            for (Object v : values) {
                out.add(String.valueOf(v));
            }
        }
        return List.copyOf(out);
    }
}
