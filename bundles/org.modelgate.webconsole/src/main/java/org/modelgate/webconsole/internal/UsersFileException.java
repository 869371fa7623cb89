package org.modelgate.webconsole.internal;

/** The users file cannot be used; the message names the file, the line and what to fix, never a hash. */
public final class UsersFileException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and where
     */
    public UsersFileException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong and where
     * @param cause the I/O error behind it
     */
    public UsersFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
