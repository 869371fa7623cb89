package org.modelgate.audit.internal;

/** A line is not a canonical audit entry; the message says what is wrong with it. */
final class MalformedEntryException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedEntryException(String message) {
        super(message);
    }
}
