package org.modelgate.remote.mqtt.spool;

/**
 * The spool's part of PID {@code org.modelgate.remote.mqtt} (the agent's PID; its metatype, the agent's
 * configuration, documents these attributes too). A component property type: DS fills it from the configuration.
 */
@interface SpoolConfig {
    /** Default capacity: 16 MiB of payloads (as the agent's metatype says). */
    long DEFAULT_QUEUE_BYTES = 16L << 20;

    /**
     * Payload bytes the spool may hold while the broker is away; beyond it the oldest telemetry, then the oldest
     * alerts, are dropped and counted.
     *
     * @return the capacity in bytes
     */
    long queueBytes() default DEFAULT_QUEUE_BYTES;

    /**
     * The spool's folder; empty: {@code <modelgate.home>/data/remote/spool}, or the bundle's data area without
     * {@code modelgate.home}.
     *
     * @return the folder
     */
    String spoolFolder() default "";
}
