package org.modelgate.launcher;

/**
 * A problem an operator can act on: a missing feature, a missing bundle, a bundle that does not
 * resolve, an undefined variable. The message is printed as it is, without a stack trace. Made with
 * {@link #configError} it ends the process with {@link ExitStatus#CONFIG_ERROR} (a supervisor should
 * not restart), otherwise with {@link ExitStatus#FAULT}.
 */
public final class LauncherException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ExitStatus exitStatus;

    /** A fault: the start failed for a reason a restart may not meet again. */
    public LauncherException(String message) {
        this(message, null, ExitStatus.FAULT);
    }

    /** A fault, with its cause. */
    public LauncherException(String message, Throwable cause) {
        this(message, cause, ExitStatus.FAULT);
    }

    private LauncherException(String message, Throwable cause, ExitStatus exitStatus) {
        super(message, cause);
        this.exitStatus = exitStatus;
    }

    /** What the operator configured cannot work; starting again without changing it fails the same way. */
    public static LauncherException configError(String message) {
        return new LauncherException(message, null, ExitStatus.CONFIG_ERROR);
    }

    /** A configuration error, with its cause. */
    public static LauncherException configError(String message, Throwable cause) {
        return new LauncherException(message, cause, ExitStatus.CONFIG_ERROR);
    }

    /** How the process ends because of it. */
    public ExitStatus exitStatus() {
        return exitStatus;
    }
}
