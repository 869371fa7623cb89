package org.modelgate.remote.mqtt.telemetry;

/**
 * The telemetry's part of PID {@code org.modelgate.remote.mqtt} (the agent's PID, whose metatype documents these
 * attributes). A component property type.
 */
@interface TelemetryConfig {
    /**
     * Seconds between telemetry summaries; 0 or less: none.
     *
     * @return the period
     */
    int telemetrySeconds() default 60;

    /**
     * The device's name in every payload; empty: the host name.
     *
     * @return the name
     */
    String device() default "";
}
