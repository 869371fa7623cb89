package org.modelgate.spi;

import java.util.Objects;

import org.modelgate.api.ModelgateException;

/**
 * A {@link KeyProvider} cannot do what was asked; {@link #reason()} says which way it failed and the message
 * names what to do about it.
 */
public class KeyException extends ModelgateException {
    private static final long serialVersionUID = 1L;

    /** Why a key operation failed. */
    public enum Reason {
        /** The provider does not hold the key named: another device's key, or one rotated away. */
        UNKNOWN_KEY,
        /** The wrapped key does not decrypt under the key named: it was changed. */
        TAMPERED,
        /** The key exists, or should, but cannot be used now: a missing or unreadable key file, an absent device. */
        UNAVAILABLE
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why it failed
     * @param message what failed and what to do about it
     */
    public KeyException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Creates the exception with its cause.
     *
     * @param reason why it failed
     * @param message what failed and what to do about it
     * @param cause the underlying failure
     */
    public KeyException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Why the operation failed.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
