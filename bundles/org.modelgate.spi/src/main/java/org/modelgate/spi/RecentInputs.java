package org.modelgate.spi;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The inputs recent requests gave a model version: what profiling runs the model on when it has no golden samples.
 * The monitor layer implements it (bundle {@code org.modelgate.monitor}, from the inference record stream, off the
 * request thread); the core uses it when present.
 *
 * <pre>
 * List&lt;InputShape&gt; seen = recentInputs.of("ocr-detector", "1.0.0"); // [x FP32[1, 3, 320, 320] in [0.0, 1.0]]
 * </pre>
 *
 * @since 1.6
 */
@ConsumerType
public interface RecentInputs {
    /**
     * The inputs of the version's recent successful requests: per input the latest shape and the range of values seen.
     *
     * @param model the model's name
     * @param version the version
     * @return one per input; empty when no request of that version was seen
     */
    List<InputShape> of(String model, String version);
}
