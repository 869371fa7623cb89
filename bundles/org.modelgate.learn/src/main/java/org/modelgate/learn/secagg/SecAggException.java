package org.modelgate.learn.secagg;

/**
 * A secure aggregation message or call was refused: a message in the wrong round, from or for the wrong client,
 * a duplicate, or a call out of the protocol's order. The message says which and why.
 */
public class SecAggException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was refused and why, for a user or an operator
     */
    public SecAggException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what was refused and why
     * @param cause the underlying failure (a cryptographic one, for instance)
     */
    public SecAggException(String message, Throwable cause) {
        super(message, cause);
    }
}
