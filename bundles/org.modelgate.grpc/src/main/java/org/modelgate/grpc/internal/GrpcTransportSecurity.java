package org.modelgate.grpc.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;

/**
 * The gRPC listener's TLS, from the access bundle's HTTPS settings (PID {@value GrpcTlsConfig#PID}, read here and
 * designated there): TLS 1.3 from the same PEM files exactly when HTTPS is on. A component of its own because one
 * component can designate only one PID; a new HTTPS configuration makes a new one, and the listener restarts with it.
 */
@Component(service = GrpcTransportSecurity.class, configurationPid = GrpcTlsConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class GrpcTransportSecurity {
    private final SslContext context;

    /**
     * Reads the settings; builds the TLS context when HTTPS is on.
     *
     * @param config the HTTPS settings
     */
    @Activate
    public GrpcTransportSecurity(GrpcTlsConfig config) {
        context = config.enabled() ? GrpcTls.serverContext(config) : null;
    }

    /** The TLS context, or null for plaintext. */
    SslContext context() {
        return context;
    }
}
