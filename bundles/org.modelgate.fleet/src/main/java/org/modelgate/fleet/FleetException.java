package org.modelgate.fleet;

/** A request the fleet controller refuses; the message says what is wrong and what to do. */
public class FleetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the rollout, state, key or file
     */
    public FleetException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong
     * @param cause the underlying error
     */
    public FleetException(String message, Throwable cause) {
        super(message, cause);
    }
}
