package org.modelgate.core.internal;

import java.io.IOException;

/** An encrypted model file is damaged, changed, truncated, or of a format this gateway does not read. */
final class EncryptedFileException extends IOException {
    private static final long serialVersionUID = 1L;

    EncryptedFileException(String message) {
        super(message);
    }

    EncryptedFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
