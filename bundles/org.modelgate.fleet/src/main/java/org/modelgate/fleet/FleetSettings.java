package org.modelgate.fleet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a controller connects and where it keeps its state; what PID {@code org.modelgate.fleet} configures, and what
 * a plain-JVM user (a simulation, a test) gives {@code org.modelgate.fleet.internal.FleetEngine}.
 *
 * @param brokerUris brokers tried in turn ({@code ssl://host:8883} or, to a loopback host or with
 *        {@code allowPlaintext}, {@code tcp://})
 * @param allowPlaintext whether {@code tcp://} to a non-loopback host is accepted
 * @param fleet the fleet (second topic level)
 * @param clientId the MQTT client id
 * @param stateDir the folder of the controller's persisted state (rollouts journal)
 * @param trustDir the trust store whose {@code controller/} keys may approve rollouts and send operator commands
 * @param caFile PEM CA certificates for TLS, or null for the JVM's
 * @param certFile the client certificate chain (PEM), or null
 * @param keyFile the client certificate's key (PEM PKCS#8), or null
 * @param keepAliveSeconds MQTT keep alive
 * @param commandTimeout how long one command waits for its answer before it is sent again (same id)
 * @param commandExpiry the {@code expires} given to each command (from when it is sent)
 * @param chunkBytes package bytes per deploy chunk
 * @param parallelDevices devices deployed at once
 */
public record FleetSettings(List<String> brokerUris, boolean allowPlaintext, String fleet, String clientId, Path stateDir,
        Path trustDir, Path caFile, Path certFile, Path keyFile, int keepAliveSeconds, Duration commandTimeout,
        Duration commandExpiry, int chunkBytes, int parallelDevices) {

    /** Checks and copies. */
    public FleetSettings {
        brokerUris = List.copyOf(brokerUris);
        if (brokerUris.isEmpty()) {
            throw new FleetException("fleet settings: brokerUri is empty; name at least one broker (ssl://host:8883)");
        }
        if (fleet == null || !fleet.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new FleetException("fleet settings: fleet '" + fleet + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (stateDir == null) {
            throw new FleetException("fleet settings: stateDir is required");
        }
        if (chunkBytes < 1024 || chunkBytes > 192 * 1024) {
            throw new FleetException("fleet settings: chunkBytes must be within 1024..196608 (the agent's payload limit is"
                    + " 256 KiB and base64 adds a third), got " + chunkBytes);
        }
        if (parallelDevices < 1) {
            throw new FleetException("fleet settings: parallelDevices must be at least 1, got " + parallelDevices);
        }
        clientId = clientId == null || clientId.isBlank() ? "modelgate-controller-" + fleet : clientId;
    }

    /**
     * Settings with the defaults: keep alive 30 s, command timeout 10 s, expiry 10 min, chunks of 96 KiB,
     * 32 devices at once, no TLS files, plaintext only to loopback.
     *
     * @param brokerUri the broker
     * @param fleet the fleet
     * @param stateDir the state folder
     * @param trustDir the trust store (approver and operator keys), may be null (then nothing can approve)
     * @return the settings
     */
    public static FleetSettings of(String brokerUri, String fleet, Path stateDir, Path trustDir) {
        return new FleetSettings(List.of(brokerUri), false, fleet, null, stateDir, trustDir, null, null, null, 30,
                Duration.ofSeconds(10), Duration.ofMinutes(10), 96 * 1024, 32);
    }

    /** @param value the client id @return a copy with it */
    public FleetSettings withClientId(String value) {
        return new FleetSettings(brokerUris, allowPlaintext, fleet, value, stateDir, trustDir, caFile, certFile, keyFile,
                keepAliveSeconds, commandTimeout, commandExpiry, chunkBytes, parallelDevices);
    }

    /** @param ca CA file @param cert certificate file @param key key file @return a copy with TLS files */
    public FleetSettings withTls(Path ca, Path cert, Path key) {
        return new FleetSettings(brokerUris, allowPlaintext, fleet, clientId, stateDir, trustDir, ca, cert, key,
                keepAliveSeconds, commandTimeout, commandExpiry, chunkBytes, parallelDevices);
    }

    /** @param value the command timeout @return a copy with it */
    public FleetSettings withCommandTimeout(Duration value) {
        return new FleetSettings(brokerUris, allowPlaintext, fleet, clientId, stateDir, trustDir, caFile, certFile, keyFile,
                keepAliveSeconds, value, commandExpiry, chunkBytes, parallelDevices);
    }

    /** @param value chunk size @return a copy with it */
    public FleetSettings withChunkBytes(int value) {
        return new FleetSettings(brokerUris, allowPlaintext, fleet, clientId, stateDir, trustDir, caFile, certFile, keyFile,
                keepAliveSeconds, commandTimeout, commandExpiry, value, parallelDevices);
    }

    /** @param value devices at once @return a copy with it */
    public FleetSettings withParallelDevices(int value) {
        return new FleetSettings(brokerUris, allowPlaintext, fleet, clientId, stateDir, trustDir, caFile, certFile, keyFile,
                keepAliveSeconds, commandTimeout, commandExpiry, chunkBytes, value);
    }

    /** @param value whether plain TCP to any host is allowed @return a copy with it */
    public FleetSettings withAllowPlaintext(boolean value) {
        return new FleetSettings(brokerUris, value, fleet, clientId, stateDir, trustDir, caFile, certFile, keyFile,
                keepAliveSeconds, commandTimeout, commandExpiry, chunkBytes, parallelDevices);
    }
}
