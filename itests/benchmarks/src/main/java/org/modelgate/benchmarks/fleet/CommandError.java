package org.modelgate.benchmarks.fleet;

/** A refusal or a command's own error: its message is the answer's {@code error}, worded as the real agent words it. */
final class CommandError extends Exception {
    private static final long serialVersionUID = 1L;

    CommandError(String message) {
        super(message, null, false, false);
    }
}
