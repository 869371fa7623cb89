package org.modelgate.access.internal;

/** The token store cannot be used: unreadable, or a line that is wrong (named in the message). */
final class TokenFileException extends Exception {
    private static final long serialVersionUID = 1L;

    TokenFileException(String message) {
        super(message);
    }
}
