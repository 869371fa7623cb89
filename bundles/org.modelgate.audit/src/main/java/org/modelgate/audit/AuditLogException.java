package org.modelgate.audit;

/**
 * The audit log cannot be written or read (disk full, file removed, permissions); the message names
 * the file and the cause.
 *
 * <p>Thrown by the provider of {@link AuditLog}. When {@link AuditLog#record} throws it, nothing was
 * recorded.
 */
public class AuditLogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An audit log failure.
     *
     * @param message what failed, on which file, and what to do
     * @param cause the I/O error, or null
     */
    public AuditLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
