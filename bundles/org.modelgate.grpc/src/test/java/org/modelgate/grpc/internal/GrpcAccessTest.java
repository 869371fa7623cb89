package org.modelgate.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.access.internal.AccessControlService;
import org.modelgate.access.testing.TestPki;
import org.modelgate.grpc.internal.proto.GRPCInferenceServiceGrpc;
import org.modelgate.grpc.internal.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import org.modelgate.grpc.internal.proto.ModelConfigRequest;
import org.modelgate.grpc.internal.proto.ModelStatisticsRequest;
import org.modelgate.grpc.internal.proto.RepositoryModelLoadRequest;
import org.modelgate.grpc.internal.proto.RepositoryModelUnloadRequest;
import org.modelgate.grpc.internal.proto.ServerLiveRequest;
import org.modelgate.oip.InferenceStatistics;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.MetadataUtils;

/**
 * Feature: gRPC over TLS 1.3 from the same PEM files as HTTPS, with the same credential check as REST: repository
 * load/unload need a manage token (UNAUTHENTICATED without one, PERMISSION_DENIED with an infer token, each with the
 * reason), liveness stays open, a TLS 1.2 client is refused, and the server keeps serving.
 */
class GrpcAccessTest {
    private static final String MANAGER = "mgt_grpc-manager-token-0123456789abcdef";
    private static final String CAMERA = "mgt_grpc-camera-token-0123456789abcdef";

    @TempDir
    static Path pki;
    @TempDir
    Path etc;

    private static TestPki ca;
    private final EchoGateway gateway = new EchoGateway();
    private AccessControlService access;
    private Server server;
    private ManagedChannel channel;

    @BeforeAll
    static void givenACa() throws Exception {
        ca = TestPki.create(pki, "Modelgate Test CA");
        ca.issue("server", "CN=localhost", "san=ip:127.0.0.1,dns:localhost");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(30, TimeUnit.SECONDS);
        }
        server.shutdownNow().awaitTermination(30, TimeUnit.SECONDS);
    }

    @Test
    void repositoryCallsNeedAManageTokenWhileLivenessIsOpen() throws Exception {
        givenTheServerWithTlsAndAccessControl();
        GRPCInferenceServiceBlockingStub anonymous = client(null);
        assertThat(anonymous.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();

        assertThatThrownBy(() -> anonymous.repositoryModelUnload(unload()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).contains("needs a credential with role manage");
                });
        assertThatThrownBy(() -> client("Bearer " + CAMERA).repositoryModelUnload(unload()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                    assertThat(e.getStatus().getDescription()).contains("token:camera may not call");
                });
        assertThat(access.denied()).containsEntry("missing_credential", 1L).containsEntry("insufficient_role", 1L);

        GRPCInferenceServiceBlockingStub manager = client("Bearer " + MANAGER);
        manager.repositoryModelUnload(unload());
        manager.repositoryModelLoad(RepositoryModelLoadRequest.newBuilder().setModelName("sleeping").build());
        assertThat(anonymous.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
    }

    @Test
    void statisticsAndConfigurationAreManagementAsOnRest() throws Exception {
        givenTheServerWithTlsAndAccessControl();
        ModelStatisticsRequest stats = ModelStatisticsRequest.newBuilder().setName("echo").build();
        ModelConfigRequest config = ModelConfigRequest.newBuilder().setName("echo").build();

        assertThatThrownBy(() -> client(null).modelStatistics(stats))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        assertThatThrownBy(() -> client("Bearer " + CAMERA).modelConfig(config))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                    assertThat(e.getStatus().getDescription()).contains("token:camera may not call");
                });
        assertThat(access.denied()).containsEntry("missing_credential", 1L).containsEntry("insufficient_role", 1L);

        GRPCInferenceServiceBlockingStub manager = client("Bearer " + MANAGER);
        assertThat(manager.modelStatistics(stats).getModelStatsList()).extracting(s -> s.getName()).containsExactly("echo");
        assertThat(manager.modelConfig(config).getConfig().getName()).isEqualTo("echo");
    }

    @Test
    void aTls12ClientIsRefused() throws Exception {
        givenTheServerWithTlsAndAccessControl();
        SslContext tls12 = GrpcSslContexts.forClient().trustManager(ca.caFile().toFile()).protocols("TLSv1.2").build();
        ManagedChannel old = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).sslContext(tls12).build();
        try {
            assertThatThrownBy(() -> GRPCInferenceServiceGrpc.newBlockingStub(old).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .serverLive(ServerLiveRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        } finally {
            old.shutdownNow().awaitTermination(30, TimeUnit.SECONDS);
        }
        assertThat(client(null).serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
    }

    private void givenTheServerWithTlsAndAccessControl() throws Exception {
        Path tokens = etc.resolve("tokens");
        Files.writeString(tokens, "deployer " + hash(MANAGER) + " manage\ncamera " + hash(CAMERA) + " infer\n",
                StandardCharsets.UTF_8);
        access = new AccessControlService(tokens, null, true, Set.of());
        GrpcCallerCheck check = new GrpcAccessBridge(access);
        server = GrpcServerFactory.start(GrpcFixture.config("127.0.0.1", 0, 64 * 1024 * 1024),
                new InferenceGrpcService(gateway, gateway, new InferenceStatistics(), "0.1.0.test"), GrpcTls.serverContext(tls()),
                new AccessInterceptor(() -> check));
    }

    private GRPCInferenceServiceBlockingStub client(String authorization) throws Exception {
        if (channel == null) {
            SslContext tls = GrpcSslContexts.forClient().trustManager(ca.caFile().toFile()).protocols("TLSv1.3").build();
            channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).sslContext(tls).build();
        }
        GRPCInferenceServiceBlockingStub stub = GRPCInferenceServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(60, TimeUnit.SECONDS);
        if (authorization == null) {
            return stub;
        }
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static RepositoryModelUnloadRequest unload() {
        return RepositoryModelUnloadRequest.newBuilder().setModelName("sleeping").build();
    }

    private static GrpcTlsConfig tls() {
        return new GrpcTlsConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return GrpcTlsConfig.class;
            }

            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public String certFile() {
                return pki.resolve("server.crt.pem").toString();
            }

            @Override
            public String keyFile() {
                return pki.resolve("server.key.pem").toString();
            }

            @Override
            public String clientCaFile() {
                return "";
            }

            @Override
            public String clientCertificate() {
                return "NONE";
            }
        };
    }

    private static String hash(String token) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
