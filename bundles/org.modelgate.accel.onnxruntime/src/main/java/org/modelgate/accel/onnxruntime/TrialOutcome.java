package org.modelgate.accel.onnxruntime;

import java.util.Optional;

/**
 * Reads what adding a provider to throw-away session options said.
 *
 * <p>The trial runs before any {@code OrtEnvironment} exists, on purpose: the backend creates the one environment
 * of the process, possibly with global thread pools, which ONNX Runtime refuses once a default environment exists.
 * Without an environment, ONNX Runtime still loads the provider's library and everything it links (a missing
 * {@code libcublasLt.so.12} is reported as such), then stops at the first log line with "Attempt to use
 * DefaultLogger but none has been registered": that answer means the library loaded.
 */
final class TrialOutcome {
    static final String NO_LOGGER = "Attempt to use DefaultLogger but none has been registered";

    private TrialOutcome() {
    }

    /** Empty when the provider was added or its library loaded; else ONNX Runtime's reason. */
    static Optional<String> of(Throwable failure) {
        String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        if (message.contains(NO_LOGGER)) {
            return Optional.empty();
        }
        // ONNX Runtime prefixes the reason with its error code and source location: keep the reason
        int fail = message.lastIndexOf(" : FAIL : ");
        if (fail >= 0) {
            return Optional.of(message.substring(fail + " : FAIL : ".length()).strip());
        }
        return Optional.of(message.replaceFirst("^Error code - \\w+ - message: ", "").strip());
    }
}
