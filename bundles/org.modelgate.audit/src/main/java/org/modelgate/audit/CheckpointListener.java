package org.modelgate.audit;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every audit checkpoint once it is on disk, e.g. to publish it off the device (the MQTT
 * agent), where whoever rewrites the device's disk cannot reach it.
 *
 * <p>Register one as an OSGi service (whiteboard); implemented by other bundles, called by the audit
 * bundle on the thread that made the checkpoint (keep it short: hand the checkpoint to a queue). An
 * exception is logged and does not undo the checkpoint.
 *
 * @since 1.1
 */
@ConsumerType
public interface CheckpointListener {
    /**
     * A checkpoint was written and synced.
     *
     * @param checkpoint the signed checkpoint
     */
    void checkpointWritten(AuditCheckpoint checkpoint);
}
