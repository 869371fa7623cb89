package org.modelgate.grpc.internal;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;

import org.modelgate.security.KeyFileException;
import org.modelgate.security.TlsKeyMaterial;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;

/**
 * The gRPC server's TLS 1.3 context from the same PEM files as HTTPS, read through the security bundle (loaded only
 * when TLS is on: the security package is imported optionally). The key stays in memory: Netty takes a key manager.
 */
final class GrpcTls {
    private GrpcTls() {
    }

    /**
     * Builds the context.
     *
     * @throws IllegalArgumentException naming the file that cannot be used
     */
    static SslContext serverContext(GrpcTlsConfig config) {
        try {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            char[] password = Base64.getEncoder().encodeToString(random).toCharArray();
            KeyStore keys = TlsKeyMaterial.keyStore(Path.of(config.certFile()), Path.of(config.keyFile()), password);
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            SslContextBuilder builder = GrpcSslContexts.configure(SslContextBuilder.forServer(keyManagers), SslProvider.JDK)
                    .protocols("TLSv1.3");
            String ca = config.clientCaFile();
            if (ca != null && !ca.isBlank() && !"NONE".equals(config.clientCertificate())) {
                builder.trustManager(TlsKeyMaterial.certificates(Path.of(ca)).toArray(new X509Certificate[0]))
                        .clientAuth("NEEDS".equals(config.clientCertificate()) ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
            }
            return builder.build();
        } catch (KeyFileException | GeneralSecurityException | SSLException e) {
            throw new IllegalArgumentException("gRPC TLS cannot use " + config.certFile() + " / " + config.keyFile() + ": "
                    + e.getMessage(), e);
        }
    }
}
