package org.modelgate.optimize.tool;

/** A command line that cannot be understood; the message says why (exit status {@link ExitCode#USAGE}). */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, e.g. {@code unknown option --sparsty}
     */
    public UsageException(String message) {
        super(message);
    }
}
