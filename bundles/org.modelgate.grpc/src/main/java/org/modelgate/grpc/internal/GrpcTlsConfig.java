package org.modelgate.grpc.internal;

/**
 * The HTTPS settings of the access bundle (PID {@value #PID}), which the gRPC listener reads as its second
 * configuration PID: gRPC speaks TLS exactly when HTTPS is on, from the same files in {@code etc/tls}.
 */
public @interface GrpcTlsConfig {
    /** The access bundle's HTTPS PID. */
    String PID = "org.modelgate.access.https";

    /** Whether TLS is on. @return {@code enabled} of the HTTPS PID */
    boolean enabled() default false;

    /** The server certificate (PEM). @return the path */
    String certFile() default "etc/tls/server.crt.pem";

    /** Its PKCS#8 key (PEM). @return the path */
    String keyFile() default "etc/tls/server.key.pem";

    /** CA certificates whose client certificates the handshake accepts; empty: none asked. @return the path */
    String clientCaFile() default "";

    /** {@code NONE}, {@code WANTS} or {@code NEEDS}, as for HTTPS. @return the mode */
    String clientCertificate() default "WANTS";
}
