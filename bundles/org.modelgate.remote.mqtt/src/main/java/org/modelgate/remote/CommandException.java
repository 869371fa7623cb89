package org.modelgate.remote;

/**
 * A command that could not be carried out; its message is what the caller reads in the answer's {@code error},
 * so it names the problem and what would fix it.
 */
public class CommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, for the caller
     */
    public CommandException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, for the caller
     * @param cause the cause
     */
    public CommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
