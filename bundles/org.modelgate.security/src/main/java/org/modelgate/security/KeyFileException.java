package org.modelgate.security;

import java.nio.file.Path;

/** A PEM key file cannot be used: unreadable, not PEM, not an EC key, an unsupported curve, encrypted. */
public final class KeyFileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * Creates the exception.
     *
     * @param file the key file
     * @param message what is wrong and what to do about it
     * @param cause the underlying exception, or null
     */
    public KeyFileException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /**
     * Returns the key file concerned.
     *
     * @return the file
     */
    public Path file() {
        return file;
    }
}
