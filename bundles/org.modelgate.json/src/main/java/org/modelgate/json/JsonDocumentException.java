package org.modelgate.json;

import java.io.IOException;

/**
 * A JSON document that {@link StrictJson} refuses: malformed, or beyond one of its limits. The message
 * says what is wrong and where (line and column), e.g. {@code duplicate key "name" at line 3 column 9}.
 */
public class JsonDocumentException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and where
     */
    public JsonDocumentException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the parser's own exception as the cause.
     *
     * @param message what is wrong and where
     * @param cause the parser's exception
     */
    public JsonDocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
