package org.modelgate.fleet.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The fleet controller's settings, PID {@value FleetComponent#PID}. */
@ObjectClassDefinition(name = "Modelgate fleet controller",
        description = "Connects to the fleet's MQTT v5 broker as the controller: device registry, staged rollouts.")
public @interface FleetConfig {
    @AttributeDefinition(description = "Broker URIs, tried in turn: ssl://host:8883, or tcp:// to a loopback host"
            + " (any host with allowPlaintext)")
    String[] brokerUri();

    @AttributeDefinition(description = "Accept tcp:// to a host that is not a loopback address")
    boolean allowPlaintext() default false;

    @AttributeDefinition(description = "The fleet: second topic level, modelgate/{fleet}/...")
    String fleet() default "default";

    @AttributeDefinition(description = "MQTT client id; empty: modelgate-controller-{fleet}")
    String clientId() default "";

    @AttributeDefinition(description = "The controller's signing key: PEM PKCS#8 (EC or Ed25519), unencrypted; its"
            + " public half must be in the gateways' etc/trust/controller/; relative to {modelgate.home}/etc")
    String controllerKeyFile() default "keys/controller.key.pem";

    @AttributeDefinition(description = "The key's id in the gateways' trust stores (its file name there without .pem,"
            + " or its hint); empty: the key file's name without .key.pem / .pem")
    String controllerKeyId() default "";

    @AttributeDefinition(description = "Where the rollouts are persisted; relative to {modelgate.home}")
    String stateDir() default "data/fleet";

    @AttributeDefinition(description = "Trust store whose controller/ keys may approve production rollouts and send"
            + " operator commands; relative to {modelgate.home}/etc")
    String trustStore() default "trust";

    @AttributeDefinition(description = "PEM CA certificates the broker's certificate must chain to; relative to etc/;"
            + " empty: the JVM's default trust")
    String caFile() default "";

    @AttributeDefinition(description = "PEM client certificate (chain); relative to etc/; empty: none")
    String certFile() default "";

    @AttributeDefinition(description = "PEM PKCS#8 key of the client certificate; relative to etc/")
    String keyFile() default "";

    @AttributeDefinition(description = "MQTT keep alive in seconds")
    int keepAliveSeconds() default 30;

    @AttributeDefinition(description = "Seconds a command waits for its answer before it is sent again (same id)")
    int commandTimeoutSeconds() default 10;

    @AttributeDefinition(description = "Minutes a command stays valid (its expires)")
    int commandExpiryMinutes() default 10;

    @AttributeDefinition(description = "Package bytes per deploy chunk (1024..196608)")
    int chunkBytes() default 98304;

    @AttributeDefinition(description = "Devices updated at once, over all rollouts")
    int parallelDevices() default 32;
}
