package org.modelgate.security;

import java.nio.file.Path;

/** The trust store folder cannot be loaded: a bad key file, an unknown role folder, a bad revocation entry. */
public final class TrustStoreException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * Creates the exception.
     *
     * @param file the file or folder at fault
     * @param message what is wrong and what to do about it
     * @param cause the underlying exception, or null
     */
    public TrustStoreException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /**
     * Returns the file or folder at fault.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }
}
