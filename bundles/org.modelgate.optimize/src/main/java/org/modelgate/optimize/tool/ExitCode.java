package org.modelgate.optimize.tool;

/** The exit statuses of {@code mgopt}, the same as {@code mgpack}'s. */
public final class ExitCode {
    /** Done. */
    public static final int OK = 0;
    /** Refused (e.g. accuracy lost beyond the allowed figure), or a file could not be read or written. */
    public static final int REFUSED = 1;
    /** A wrong command line. */
    public static final int USAGE = 2;

    private ExitCode() {
    }
}
