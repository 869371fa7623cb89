package org.modelgate.remote.mqtt.internal;

import java.net.SocketException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;

/**
 * Says in an operator's words why a TLS connection to the broker failed, naming the setting to check: Paho reports
 * these as "Untranslated MqttException - RC: 0" with the JDK's exception (or only "Broken pipe") underneath.
 */
final class TlsFailures {
    private TlsFailures() {
    }

    /**
     * Explains a failed connection attempt when TLS is the cause. The whole cause chain is searched for the most
     * specific cause first: an expired certificate also fails "PKIX path validation", and the expiry is what to fix.
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
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        String trust = settings.caFile() == null ? "a CA the JVM trusts (caFile is empty)"
                : "a CA in caFile " + settings.caFile();
        String client = settings.certFile() == null ? "no client certificate (certFile is empty)"
                : "the client certificate certFile " + settings.certFile();
        Optional<Throwable> t;
        if ((t = find(chain, e -> e instanceof CertificateExpiredException
                || e instanceof CertificateNotYetValidException)).isPresent()) {
            return Optional.of("the broker's certificate at " + uri + " has expired or is not valid yet ("
                    + message(t.get()) + "): renew it, or check this machine's clock");
        }
        if ((t = find(chain, e -> text(e).contains("no subject alternative") || text(e).contains("no name matching")))
                .isPresent()) {
            return Optional.of("the broker's certificate does not name the host of " + uri + " (" + message(t.get())
                    + "): use a host name its subjectAltName holds, or reissue it with that name");
        }
        if ((t = find(chain, e -> e instanceof CertPathBuilderException || e instanceof CertPathValidatorException
                || text(e).contains("pkix path"))).isPresent()) {
            return Optional.of("the broker's certificate at " + uri + " is not signed by " + trust
                    + ": check caFile, or the broker's certfile (" + message(t.get()) + ")");
        }
        if ((t = find(chain, e -> text(e).contains("protocol_version") || text(e).contains("protocol is disabled")
                || text(e).contains("no appropriate protocol"))).isPresent()) {
            return Optional.of("the broker at " + uri + " does not offer TLS 1.3, the only version the agent speaks:"
                    + " enable TLS 1.3 on its listener (" + message(t.get()) + ")");
        }
        if (find(chain, e -> text(e).contains("certificate_required")).isPresent()) {
            return Optional.of("the broker at " + uri + " requires a client certificate and the agent has " + client
                    + ": set certFile and keyFile");
        }
        if ((t = find(chain, e -> e instanceof SSLException && (text(e).contains("unknown_ca")
                || text(e).contains("bad_certificate") || text(e).contains("certificate_unknown")
                || text(e).contains("access_denied")))).isPresent()) {
            return Optional.of("the broker at " + uri + " refused " + client + " (" + message(t.get()) + "): it must be"
                    + " signed by a CA in the broker's cafile");
        }
        if ((t = find(chain, e -> e instanceof SocketException && (text(e).contains("broken pipe")
                || text(e).contains("connection reset")))).isPresent()) {
            // TLS 1.3: the client's certificate is checked after the client thinks the handshake is done, so a
            // refusal shows up as the broker closing the connection on the first MQTT packet.
            return Optional.of("the broker at " + uri + " closed the connection right after the TLS handshake ("
                    + message(t.get()) + "): " + (settings.certFile() == null
                            ? "most likely it requires a client certificate: set certFile and keyFile"
                            : "most likely it does not accept " + client + "; check that the broker's cafile holds the"
                                    + " CA that signed it"));
        }
        return Optional.empty();
    }

    private static Optional<Throwable> find(List<Throwable> chain, Predicate<Throwable> match) {
        return chain.stream().filter(match).findFirst();
    }

    private static String text(Throwable t) {
        return message(t).toLowerCase(Locale.ROOT);
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
