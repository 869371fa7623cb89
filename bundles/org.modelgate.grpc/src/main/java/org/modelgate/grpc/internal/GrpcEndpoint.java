package org.modelgate.grpc.internal;

import java.util.concurrent.TimeUnit;

import org.modelgate.api.InferenceService;
import org.modelgate.api.ModelRegistry;
import org.modelgate.oip.InferenceStatistics;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import io.grpc.Server;

/**
 * The gRPC listener: starts with the defaults (127.0.0.1:8001) or PID {@code org.modelgate.grpc}, restarts on a new
 * configuration, stops with the bundle. TLS 1.3 when the access bundle's HTTPS is on (PID
 * {@code org.modelgate.access.https}, the same PEM files); the same credential check as REST while access control runs.
 */
@Component(configurationPid = GrpcConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = GrpcConfig.class)
public final class GrpcEndpoint {
    private static final System.Logger LOG = System.getLogger(GrpcEndpoint.class.getName());
    private final Server server;

    /** Access control ({@link GrpcAccessBridge}), while the access bundle runs; read at every call. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile GrpcCallerCheck callers;

    /**
     * Starts the server.
     *
     * @param config where to listen
     * @param security TLS 1.3 from the HTTPS settings' files when HTTPS is on, else plaintext
     * @param inference the core's inference service
     * @param registry the model registry
     * @param statistics the statistics table REST counts into too (the oip bundle's)
     * @param context for the gateway's version in server metadata
     */
    @Activate
    public GrpcEndpoint(GrpcConfig config, @Reference GrpcTransportSecurity security, @Reference InferenceService inference,
            @Reference ModelRegistry registry, @Reference InferenceStatistics statistics, BundleContext context) {
        String version = context.getBundle().getVersion().toString();
        long start = System.nanoTime();
        server = GrpcServerFactory.start(config, new InferenceGrpcService(inference, registry, statistics, version),
                security.context(), new AccessInterceptor(() -> callers));
        LOG.log(System.Logger.Level.INFO, "gRPC inference service (Triton GRPCInferenceService) on " + config.host() + ":"
                + server.getPort() + ", messages up to " + config.maxMessageBytes() + " bytes, started in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    /** The bound port (the configured one, or the one picked for port 0). */
    public int port() {
        return server.getPort();
    }

    @Deactivate
    void stop() throws InterruptedException {
        server.shutdown();
        if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
            server.shutdownNow();
        }
    }
}
