package org.modelgate.launcher;

/**
 * A problem an operator can act on: a missing feature, a missing bundle, a bundle that does not
 * resolve, an undefined variable. The message is printed as it is, without a stack trace.
 */
public final class LauncherException extends Exception {
    private static final long serialVersionUID = 1L;

    public LauncherException(String message) {
        super(message);
    }

    public LauncherException(String message, Throwable cause) {
        super(message, cause);
    }
}
