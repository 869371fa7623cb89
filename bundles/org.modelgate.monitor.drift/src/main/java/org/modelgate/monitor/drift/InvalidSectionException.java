package org.modelgate.monitor.drift;

/**
 * A model.json {@code "reference"} or {@code "monitor"} section that cannot be used; the message names
 * the section, the path inside it and what is expected, e.g.
 * {@code reference.inputs.input.quantiles[2]: must be a list of numbers, got "x"}.
 */
public class InvalidSectionException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and where
     */
    public InvalidSectionException(String message) {
        super(message);
    }
}
