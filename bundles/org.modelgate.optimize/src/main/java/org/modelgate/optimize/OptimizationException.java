package org.modelgate.optimize;

/**
 * An optimization that cannot be done or is refused; the message says why and what to do (exit status 1 of
 * {@code mgopt}), e.g. {@code the model is already quantized (14 MatMulInteger nodes): nothing to do}.
 */
public class OptimizationException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and what to do
     */
    public OptimizationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong and what to do
     * @param cause the underlying failure
     */
    public OptimizationException(String message, Throwable cause) {
        super(message, cause);
    }
}
