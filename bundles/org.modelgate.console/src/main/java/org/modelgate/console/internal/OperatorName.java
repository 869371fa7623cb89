package org.modelgate.console.internal;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Job;

/**
 * Who types the command, for the audit log: what the session says ({@value #SESSION_VARIABLE}, set
 * by the SSH console from the key that logged in), else the account the gateway runs under, on its
 * local console.
 */
final class OperatorName {
    /** The session variable front ends set to the operator's name. */
    static final String SESSION_VARIABLE = "MODELGATE_OPERATOR";

    private OperatorName() {
    }

    /** The operator of the Gogo job running on this thread. */
    static String ofCurrentSession() {
        Job job = Job.Utils.current();
        CommandSession session = job == null ? null : job.session();
        Object named = session == null ? null : session.get(SESSION_VARIABLE);
        if (named instanceof String name && !name.isBlank()) {
            return name;
        }
        return System.getProperty("user.name", "unknown") + " (local console)";
    }
}
