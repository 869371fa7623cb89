package org.modelgate.remote.mqtt.interop;

import java.nio.file.Path;
import java.util.Map;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.RemoteCommand;
import org.modelgate.remote.mqtt.internal.AgentUnderTest;

/**
 * The agents of the interop tests: fleet {@value #FLEET}, a read-only {@code status} command standing for the real
 * one (that lives in org.modelgate.remote.commands, which this module cannot depend on), and the configuration an
 * operator writes for a broker with client certificates or for a loopback broker.
 */
final class InteropAgents {
    static final String FLEET = "f1";

    private InteropAgents() {
    }

    /**
     * An agent that reaches the broker's TLS listener with a device certificate.
     *
     * @param home the gateway home, under target/
     * @param broker the broker
     * @param trusted the CA file the agent trusts (caFile)
     * @param identity the client certificate and key (certFile, keyFile)
     * @param device the device name configured (normally the certificate's CN)
     * @return the configuration, ready to start
     */
    static AgentUnderTest.Builder overTls(Path home, Mosquitto broker, Path trusted, TestCertificates.Identity identity,
            String device) {
        return base(home, broker.tlsUri(), device)
                .set("caFile", trusted.toAbsolutePath().toString())
                .set("certFile", identity.certFile().toAbsolutePath().toString())
                .set("keyFile", identity.keyFile().toAbsolutePath().toString());
    }

    /**
     * An agent that reaches a broker on a loopback address without TLS.
     *
     * @param home the gateway home, under target/
     * @param uri tcp://127.0.0.1:port
     * @param device the device name
     * @return the configuration, ready to start
     */
    static AgentUnderTest.Builder plain(Path home, String uri, String device) {
        return base(home, uri, device);
    }

    private static AgentUnderTest.Builder base(Path home, String uri, String device) {
        return AgentUnderTest.builder(home.toAbsolutePath())
                .set("brokerUri", uri)
                .set("fleet", FLEET)
                .set("device", device)
                .set("connectTimeoutSeconds", 30)
                .optCommand("status", status(device));
    }

    /** The topic of a device's command. */
    static String commandTopic(String device, String command) {
        return "modelgate/" + FLEET + "/" + device + "/" + "cmd/" + command;
    }

    /** A device's own topic (status, state, reply/...). */
    static String deviceTopic(String device, String leaf) {
        return "modelgate/" + FLEET + "/" + device + "/" + leaf;
    }

    private static RemoteCommand status(String device) {
        return new RemoteCommand() {
            @Override
            public boolean changesState() {
                return false;
            }

            @Override
            public Object run(CommandCall call) {
                return Map.of("device", device, "serving", true);
            }
        };
    }
}
