package org.modelgate.access.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Objects;

import org.modelgate.security.KeyFileException;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Configures Felix HTTP Jetty (PID {@value #HTTP_PID}): with {@code enabled}, HTTPS on {@code httpsPort}, TLS 1.3
 * only, from the PEM files (turned into PKCS#12 stores by {@link ServerStores}), asking for client certificates of
 * the client CA; always, plain HTTP refused on a host other than loopback unless {@code allowPlaintextRemote}: a
 * bearer token or a model sent in clear over the plant network is the mistake this prevents. Felix Jetty has one
 * host for both listeners, so a gateway reachable from the network serves HTTPS only.
 *
 * <p>The keys written into the HTTP configuration are merged into what is there (ports and host set elsewhere
 * stay); Jetty restarts its listeners when the configuration changes.
 */
@Component(configurationPid = HttpsConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {})
@Designate(ocd = HttpsConfig.class)
public final class HttpsListener {
    static final String HTTP_PID = "org.apache.felix.http";
    static final String HOST = "org.apache.felix.http.host";
    static final String HTTP_ENABLE = "org.apache.felix.http.enable";
    static final String HTTPS_ENABLE = "org.apache.felix.https.enable";
    static final String HTTPS_PORT = "org.osgi.service.http.port.secure";
    static final String KEYSTORE = "org.apache.felix.https.keystore";
    static final String KEYSTORE_TYPE = "org.apache.felix.https.keystore.type";
    static final String KEYSTORE_PASSWORD = "org.apache.felix.https.keystore.password";
    static final String KEY_PASSWORD = "org.apache.felix.https.keystore.key.password";
    static final String TRUSTSTORE = "org.apache.felix.https.truststore";
    static final String TRUSTSTORE_TYPE = "org.apache.felix.https.truststore.type";
    static final String TRUSTSTORE_PASSWORD = "org.apache.felix.https.truststore.password";
    static final String CLIENT_CERTIFICATE = "org.apache.felix.https.clientcertificate";
    static final String PROTOCOLS = "org.apache.felix.https.jetty.protocols.included";
    private static final List<String> OWNED = List.of(HTTPS_ENABLE, HTTPS_PORT, KEYSTORE, KEYSTORE_TYPE, KEYSTORE_PASSWORD,
            KEY_PASSWORD, TRUSTSTORE, TRUSTSTORE_TYPE, TRUSTSTORE_PASSWORD, CLIENT_CERTIFICATE, PROTOCOLS, HTTP_ENABLE);
    private static final System.Logger LOG = System.getLogger(HttpsListener.class.getName());

    @Reference
    ConfigurationAdmin configurations;

    private BundleContext context;

    @Activate
    void activate(BundleContext bundleContext, HttpsConfig config) throws IOException, KeyFileException {
        context = bundleContext;
        apply(config);
    }

    @Modified
    void modified(HttpsConfig config) throws IOException, KeyFileException {
        apply(config);
    }

    private void apply(HttpsConfig config) throws IOException, KeyFileException {
        Configuration http = configurations.getConfiguration(HTTP_PID, "?");
        Dictionary<String, Object> current = http.getProperties();
        Hashtable<String, Object> wanted = new Hashtable<>();
        if (current != null) {
            for (var keys = current.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                if (!OWNED.contains(key)) {
                    wanted.put(key, current.get(key));
                }
            }
        }
        String host = host(current);
        boolean remote = !isLoopback(host);
        boolean plain = config.plainHttp() && (!remote || config.allowPlaintextRemote());
        if (config.enabled()) {
            String ca = config.clientCaFile();
            Path caFile = ca == null || ca.isBlank() ? null : Path.of(ca);
            ServerStores.Written stores = ServerStores.write(Path.of(config.storeFolder()), Path.of(config.certFile()),
                    Path.of(config.keyFile()), caFile);
            wanted.put(HTTPS_ENABLE, "true");
            wanted.put(HTTPS_PORT, String.valueOf(config.httpsPort()));
            wanted.put(KEYSTORE, stores.keyStore().toString());
            wanted.put(KEYSTORE_TYPE, "PKCS12");
            wanted.put(KEYSTORE_PASSWORD, stores.password());
            wanted.put(KEY_PASSWORD, stores.password());
            wanted.put(PROTOCOLS, "TLSv1.3");
            if (stores.trustStore() != null) {
                wanted.put(TRUSTSTORE, stores.trustStore().toString());
                wanted.put(TRUSTSTORE_TYPE, "PKCS12");
                wanted.put(TRUSTSTORE_PASSWORD, stores.password());
                wanted.put(CLIENT_CERTIFICATE, config.clientCertificate().jetty);
            } else {
                wanted.put(CLIENT_CERTIFICATE, "none");
            }
            LOG.log(Level.INFO, "HTTPS (TLS 1.3) on " + host + ":" + config.httpsPort() + " with " + config.certFile()
                    + (caFile == null ? "" : ", client certificates of " + caFile + " (" + config.clientCertificate().jetty + ")")
                    + "; plain HTTP " + (plain ? "on" : "off"));
        }
        if (!plain) {
            wanted.put(HTTP_ENABLE, "false");
        }
        if (remote && config.plainHttp() && !config.allowPlaintextRemote()) {
            LOG.log(Level.ERROR, "Plain HTTP refused on " + host + ", which is not loopback: bearer tokens and models would"
                    + " cross the network in clear. " + (config.enabled() ? "HTTPS serves instead." : "Turn HTTPS on (PID "
                    + HttpsConfig.PID + ", enabled=true, etc/tls/server.crt.pem and server.key.pem) or bind "
                    + HOST + " to 127.0.0.1; allowPlaintextRemote=true overrides this."));
        }
        if (!same(current, wanted)) {
            http.update(wanted);
        }
    }

    private String host(Dictionary<String, Object> current) {
        Object configured = current == null ? null : current.get(HOST);
        String host = configured != null ? configured.toString() : context.getProperty(HOST);
        return host == null || host.isBlank() ? "0.0.0.0" : host; // Jetty's default: every interface
    }

    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean same(Dictionary<String, Object> current, Hashtable<String, Object> wanted) {
        if (current == null) {
            return wanted.isEmpty();
        }
        int count = 0;
        for (var keys = current.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (key.startsWith("service.")) {
                continue;
            }
            count++;
            if (!Objects.equals(current.get(key), wanted.get(key))) {
                return false;
            }
        }
        return count == wanted.size();
    }
}
