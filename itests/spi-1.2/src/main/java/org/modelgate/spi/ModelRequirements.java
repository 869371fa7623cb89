package org.modelgate.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The model an {@link AcceleratorDriver} is asked about: what its model.json says about itself.
 *
 * @param name the model name
 * @param version the version being loaded
 * @param format the model format, e.g. {@code onnx}
 * @param hints the {@code hints} of its model.json: strings, numbers, booleans or lists of strings, such as
 *        {@code "accelerators": ["npu", "cpu"]}, {@code "precision": "fp16"}, {@code "minMemoryMB": 256}
 */
@ProviderType
public record ModelRequirements(String name, String version, String format, Map<String, Object> hints) {
    /** The hint naming the drivers a model may run on, most wanted first. */
    public static final String ACCELERATORS = "accelerators";

    /**
     * Creates the requirements, copying the hints.
     *
     * @param name the name
     * @param version the version
     * @param format the format
     * @param hints the hints
     */
    public ModelRequirements {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(format, "format");
        hints = Map.copyOf(hints);
    }

    /**
     * One hint.
     *
     * @param key the hint's name
     * @return its value, or empty
     */
    public Optional<Object> hint(String key) {
        return Optional.ofNullable(hints.get(key));
    }

    /**
     * A numeric hint, such as {@code minMemoryMB}.
     *
     * @param key the hint's name
     * @return its value, or empty when absent or not a number
     */
    public Optional<Number> numberHint(String key) {
        return hints.get(key) instanceof Number n ? Optional.of(n) : Optional.empty();
    }

    /**
     * The drivers the model may run on, most wanted first ({@value #ACCELERATORS}: a list, or one name).
     *
     * @return the names; empty when the model does not say (any driver will do)
     */
    public List<String> accelerators() {
        Object value = hints.get(ACCELERATORS);
        if (value instanceof String one) {
            return List.of(one);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
