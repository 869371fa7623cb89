package org.modelgate.remote.mqtt.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The remote agent's settings, PID {@value RemoteAgent#PID}; the spool and telemetry read the same PID. */
@ObjectClassDefinition(name = "Modelgate remote agent (MQTT v5)",
        description = "Connects the gateway to an MQTT v5 broker: commands, state, status, telemetry and alerts.")
public @interface AgentConfig {
    @AttributeDefinition(description = "Broker URIs, tried in turn (failover): ssl://host:8883, or tcp://127.0.0.1:1883"
            + " (tcp:// only to a loopback host unless allowPlaintext)")
    String[] brokerUri();

    @AttributeDefinition(description = "The fleet: second topic level, modelgate/{fleet}/{device}/...")
    String fleet() default "default";

    @AttributeDefinition(description = "This gateway's name in its fleet; empty: the host name")
    String device() default "";

    @AttributeDefinition(description = "Groups this gateway answers commands for (modelgate/{fleet}/group/{group}/cmd/+)")
    String[] groups() default {};

    @AttributeDefinition(description = "PEM file of the CA certificates the broker's certificate must chain to;"
            + " relative to {modelgate.home}/etc; empty: the JVM's default trust")
    String caFile() default "";

    @AttributeDefinition(description = "PEM client certificate (chain) for TLS client authentication; relative to etc/;"
            + " empty: no client certificate")
    String certFile() default "";

    @AttributeDefinition(description = "PEM private key (PKCS#8, unencrypted) of the client certificate; relative to etc/")
    String keyFile() default "";

    @AttributeDefinition(description = "Trust store folder whose controller/ keys may sign commands that change the"
            + " gateway; relative to etc/")
    String trustStore() default "trust";

    @AttributeDefinition(description = "MQTT 5 session expiry interval in seconds asked of the broker (the agent always"
            + " starts clean, see the README)")
    long sessionExpirySeconds() default 0;

    @AttributeDefinition(description = "MQTT keep alive in seconds")
    int keepAliveSeconds() default 30;

    @AttributeDefinition(description = "Largest command payload accepted, in bytes (256 KiB)")
    int maxPayloadBytes() default 256 * 1024;

    @AttributeDefinition(description = "Spool capacity in bytes (read by the spool)")
    long queueBytes() default 16 * 1024 * 1024;

    @AttributeDefinition(description = "Seconds between telemetry summaries (read by telemetry)")
    int telemetrySeconds() default 60;

    @AttributeDefinition(description = "Allow tcp:// (no TLS) to a broker that is not on this host")
    boolean allowPlaintext() default false;

    @AttributeDefinition(description = "Seconds a connection attempt may take before it is abandoned")
    int connectTimeoutSeconds() default 20;

    @AttributeDefinition(description = "Threads running commands")
    int commandThreads() default 2;
}
