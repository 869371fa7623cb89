package org.modelgate.core.internal;

import java.util.Map;

import org.modelgate.api.Operator;
import org.modelgate.audit.AuditLog;

/**
 * Records model changes in the audit log when one is present (the audit feature), after each change
 * succeeded. A failure to record does not undo a change already made durable; it is logged loudly.
 *
 * <p>The actor is the {@link Operator} the calling front end named (the SSH key's owner, a REST
 * client), or {@value #ACTOR} for what the gateway does on its own.
 */
final class AuditTrail {
    private static final System.Logger LOG = System.getLogger(AuditTrail.class.getName());
    static final String ACTOR = "modelgate";

    private volatile AuditLog log;

    void use(AuditLog auditLog) {
        this.log = auditLog;
    }

    void forget(AuditLog auditLog) {
        if (this.log == auditLog) {
            this.log = null;
        }
    }

    void record(String action, String model, SemanticVersion version, Map<String, String> details) {
        AuditLog current = log;
        if (current == null) {
            return;
        }
        try {
            current.record(Operator.current().orElse(ACTOR), action, model + " " + version, details);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the audit log did not record " + action + " of " + model + " " + version
                    + " (the change itself is done): " + e.getMessage(), e);
        }
    }
}
