package org.modelgate.audit.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the audit log, PID {@code org.modelgate.audit}.
 */
@ObjectClassDefinition(name = "Modelgate audit log",
        description = "Where the hash-chained audit log is written, and when it is anchored by signed checkpoints.")
@interface AuditLogConfig {
    /** The PID. */
    String PID = "org.modelgate.audit";

    @AttributeDefinition(description = "The audit log file (JSON lines, appended only). Relative paths are taken"
            + " from the working directory. Its folder is created if missing.")
    String file() default "data/audit/audit.log";

    @AttributeDefinition(description = "The checkpoint file (signed sequence and head hash, one line each), kept"
            + " apart from the log. Empty: 'checkpoints' in the log's folder. Put it on another volume, or publish"
            + " checkpoints off the device (a CheckpointListener), for more than on-device protection.")
    String checkpointFile() default "";

    @AttributeDefinition(min = "0", description = "Make a checkpoint after this many recorded entries; 0: never by count.")
    int checkpointEveryEntries() default 100;

    @AttributeDefinition(min = "0", description = "Make a checkpoint this often (seconds) when entries were recorded"
            + " since the last one; 0: never by time. A checkpoint is also made at every clean stop.")
    long checkpointIntervalSeconds() default 3600;
}
