package org.modelgate.monitor.drift;

import java.util.Map;

import org.modelgate.monitor.drift.internal.ReferenceReader;
import org.modelgate.monitor.drift.internal.ReferenceWriter;

/**
 * model.json's {@code "reference"}: what the training data looked like, per input and output tensor.
 * Reads both the old moment-only layout and the full one that {@code mgpack reference} writes (see
 * this bundle's README for the format).
 *
 * <pre>
 * ReferenceProfile reference = ReferenceProfile.parse(((Map&lt;?, ?&gt;) StrictJson.read(bytes)).get("reference"));
 * TensorProfile input = reference.inputs().get("input");
 * </pre>
 *
 * @param count the reference rows (0 when not given)
 * @param inputs the input tensors' profiles by tensor name, in document order
 * @param outputs the output tensors' profiles by tensor name, in document order
 */
public record ReferenceProfile(long count, Map<String, TensorProfile> inputs, Map<String, TensorProfile> outputs) {
    /**
     * Copies the maps (order kept).
     */
    public ReferenceProfile {
        inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
        outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
    }

    /**
     * Reads the section from the value {@link org.modelgate.json.StrictJson#read} gives for it.
     *
     * @param section the value of {@code "reference"}
     * @return the profile
     * @throws InvalidSectionException saying where and what is wrong
     */
    public static ReferenceProfile parse(Object section) throws InvalidSectionException {
        return ReferenceReader.read(section);
    }

    /**
     * The section as plain JSON values (maps, lists, numbers, strings), to write into model.json;
     * numbers are rounded to 7 significant digits.
     *
     * @return the value of {@code "reference"}
     */
    public Map<String, Object> toJson() {
        return ReferenceWriter.write(this);
    }
}
