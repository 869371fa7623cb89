package org.modelgate.monitor.health.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.modelgate.json.StrictJson;
import org.modelgate.monitor.drift.JsonText;
import org.modelgate.monitor.drift.LabelledData;
import org.modelgate.monitor.drift.ReferenceProfile;
import org.modelgate.monitor.drift.TensorProfile;

/**
 * model.json documents as the registry gives them: written as JSON text and read back with the gateway's
 * strict reader, so the monitor sees the same values as in a gateway.
 */
final class ModelJsons {
    private ModelJsons() {
    }

    /** A classifier's model.json with a reference built from training rows (one-hot outputs: a perfect classifier). */
    static Map<String, Object> classifier(LabelledData training, int window, int minSamples) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < training.width(); i++) {
            names.add(training.classes().size() == 3 ? IRIS_FEATURES.get(i) : "f" + i);
        }
        TensorProfile inputs = TensorProfile.ofRows(names, training.matrix());
        TensorProfile outputs = TensorProfile.ofClassifierOutputs(training.classes(), training.oneHot());
        ReferenceProfile reference = new ReferenceProfile(training.rows().size(), Map.of("input", inputs), Map.of("output", outputs));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("labels", training.classes());
        json.put("inputs", List.of(Map.of("name", "input", "datatype", "FP32")));
        json.put("reference", reference.toJson());
        json.put("monitor", Map.of("window", (long) window, "minSamples", (long) minSamples));
        return read(json);
    }

    /** A model.json without reference and labels (a regression). */
    static Map<String, Object> regression() throws Exception {
        return read(Map.of("inputs", List.of(Map.of("name", "input", "datatype", "FP32"))));
    }

    /** A classifier without reference. */
    static Map<String, Object> classifierWithoutReference(List<String> labels) throws Exception {
        return read(Map.of("labels", labels));
    }

    static final List<String> IRIS_FEATURES = List.of("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Map<String, Object> json) throws Exception {
        return (Map<String, Object>) StrictJson.read(JsonText.of(json));
    }
}
