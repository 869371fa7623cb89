package org.modelgate.remote.mqtt.internal;

import java.net.SocketException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Says in an operator's words why a TLS connection to the broker failed, naming the setting to check: Paho reports
 * these as "Untranslated MqttException - RC: 0" with the JDK's exception (or only "Broken pipe") underneath.
 */
final class TlsFailures {
    private TlsFailures() {
    }

    /**
     * Explains a failed connection attempt when TLS is the cause.
     *
     * @param failure what the connection attempt threw
     * @param uri the broker tried
     * @param settings the agent's settings (caFile, certFile)
     * @return the explanation, or empty when the failure is not a TLS one (or not an ssl:// broker)
     */
    static Optional<String> explain(Throwable failure, String uri, AgentSettings settings) {
        if (!uri.startsWith("ssl://")) {
            return Optional.empty();
        }
        String trust = settings.caFile() == null ? "a CA the JVM trusts (caFile is empty)"
                : "a CA in caFile " + settings.caFile();
        String client = settings.certFile() == null ? "no client certificate (certFile is empty)"
                : "the client certificate certFile " + settings.certFile();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            String lower = message.toLowerCase(Locale.ROOT);
            if (t instanceof CertificateExpiredException) {
                return Optional.of("the broker's certificate at " + uri + " has expired (" + message + "); renew it");
            }
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException
                    || lower.contains("pkix path")) {
                return Optional.of("the broker's certificate at " + uri + " is not signed by " + trust
                        + ": check caFile, or the broker's certfile (" + message + ")");
            }
            if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
                return Optional.of("the broker's certificate does not name the host of " + uri + " (" + message
                        + "): use a host name its subjectAltName holds, or reissue it with that name");
            }
            if (lower.contains("protocol_version") || lower.contains("protocol is disabled")
                    || lower.contains("no appropriate protocol")) {
                return Optional.of("the broker at " + uri + " does not offer TLS 1.3, the only version the agent"
                        + " speaks: enable TLS 1.3 on its listener (" + message + ")");
            }
            if (lower.contains("certificate_required")) {
                return Optional.of("the broker at " + uri + " requires a client certificate and the agent has "
                        + client + ": set certFile and keyFile");
            }
            if (t instanceof SSLException && (lower.contains("unknown_ca") || lower.contains("bad_certificate")
                    || lower.contains("certificate_unknown") || lower.contains("access_denied"))) {
                return Optional.of("the broker at " + uri + " refused " + client + " (" + message + "): it must be"
                        + " signed by a CA in the broker's cafile");
            }
            if (t instanceof SocketException && (lower.contains("broken pipe") || lower.contains("connection reset"))) {
                // TLS 1.3: the client's certificate is checked after the client thinks the handshake is done, so a
                // refusal shows up as the broker closing the connection on the first MQTT packet.
                return Optional.of("the broker at " + uri + " closed the connection right after the TLS handshake ("
                        + message + "): " + (settings.certFile() == null
                                ? "most likely it requires a client certificate: set certFile and keyFile"
                                : "most likely it does not accept " + client + "; check that the broker's cafile holds"
                                        + " the CA that signed it"));
            }
        }
        return Optional.empty();
    }
}
