package org.modelgate.launcher;

/**
 * How the gateway's process ends, for a service manager: systemd's {@code Restart=on-failure} restarts after
 * {@link #FAULT} and, with {@code RestartPreventExitStatus=78}, not after {@link #CONFIG_ERROR} (restarting cannot
 * fix a configuration). The codes follow BSD sysexits.h.
 */
public enum ExitStatus {
    /** An orderly stop: SIGTERM, SIGINT or Gogo {@code stop 0}. */
    STOPPED(0),
    /** The gateway failed while starting or running, or did not stop in time (EX_SOFTWARE). */
    FAULT(70),
    /** What an operator configured cannot work: etc/modelgate.properties, a feature, a variable (EX_CONFIG). */
    CONFIG_ERROR(78);

    private final int code;

    ExitStatus(int code) {
        this.code = code;
    }

    /** The process exit code. */
    public int code() {
        return code;
    }

    /** The exit status for what stopped a start. */
    static ExitStatus of(Throwable failure) {
        return failure instanceof LauncherException e ? e.exitStatus() : FAULT;
    }
}
