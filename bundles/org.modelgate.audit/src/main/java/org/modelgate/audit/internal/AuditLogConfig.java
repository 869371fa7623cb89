package org.modelgate.audit.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the audit log, PID {@code org.modelgate.audit}.
 */
@ObjectClassDefinition(name = "Modelgate audit log", description = "Where the hash-chained audit log is written.")
@interface AuditLogConfig {
    /** The PID. */
    String PID = "org.modelgate.audit";

    @AttributeDefinition(description = "The audit log file (JSON lines, appended only). Relative paths are taken"
            + " from the working directory. Its folder is created if missing.")
    String file() default "data/audit/audit.log";
}
