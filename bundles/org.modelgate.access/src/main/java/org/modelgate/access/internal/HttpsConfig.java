package org.modelgate.access.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@value #PID}: the HTTPS listener of Felix HTTP Jetty, and the plain listener's guard. */
@ObjectClassDefinition(name = "Modelgate HTTPS",
        description = "TLS 1.3 for REST and the web console from PEM files; plain HTTP refused off loopback")
public @interface HttpsConfig {
    /** The PID. */
    String PID = "org.modelgate.access.https";

    /** Felix HTTP Jetty's values of {@code org.apache.felix.https.clientcertificate}. */
    enum ClientCertificate {
        /** Never asked. */
        NONE("none"),
        /** Asked for; a call without one goes on (and needs a token where it needs a credential). */
        WANTS("wants"),
        /** Required by the handshake. */
        NEEDS("needs");

        final String jetty;

        ClientCertificate(String jetty) {
            this.jetty = jetty;
        }
    }

    @AttributeDefinition(description = "Serve HTTPS (TLS 1.3 only) on httpsPort")
    boolean enabled() default false;

    @AttributeDefinition(description = "The server's certificate, then any intermediates (PEM)")
    String certFile() default "etc/tls/server.crt.pem";

    @AttributeDefinition(description = "The server's unencrypted PKCS#8 private key (PEM)")
    String keyFile() default "etc/tls/server.key.pem";

    @AttributeDefinition(description = "CA certificates (PEM) the handshake accepts client certificates of; empty: none asked")
    String clientCaFile() default "";

    @AttributeDefinition(description = "Whether the handshake asks for a client certificate (with clientCaFile)")
    ClientCertificate clientCertificate() default ClientCertificate.WANTS;

    @AttributeDefinition(description = "The HTTPS port")
    int httpsPort() default 8443;

    @AttributeDefinition(description = "Folder of the key stores made from the PEM files (0700; stores 0600)")
    String storeFolder() default "data/tls";

    @AttributeDefinition(description = "Keep plain HTTP beside HTTPS (on a loopback host only, unless allowPlaintextRemote)")
    boolean plainHttp() default true;

    @AttributeDefinition(description = "Allow plain HTTP on a host other than loopback (tokens would cross the network in clear)")
    boolean allowPlaintextRemote() default false;
}
