package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modelgate.distribution.ItFiles.freePort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Feature: the first credential of a stock gateway, without a console session. {@code bin/modelgate token add NAME
 * manage} (a real process, the access bundle's code from its jar in system/) prints a token once and stores only its
 * hash in etc/tokens (0600), with the gateway stopped or running; the running gateway accepts the token at its REST
 * management endpoint, lists it, and after {@code bin/modelgate token remove} refuses it (403) while inference stays
 * open throughout.
 */
class ManagementTokenIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String INDEX = "/v2/repository/index";

    @RegisterExtension
    final GatewayRuns gateways = new GatewayRuns();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private UnpackedDistribution distribution;
    private int port;

    @BeforeEach
    void givenTheDistribution() throws Exception {
        distribution = UnpackedDistribution.unpack("token");
        port = freePort();
    }

    @Test
    void aTokenAddedWithTheGatewayStoppedOrRunningManagesItAndARemovedOneIsRefused() throws Exception {
        // given a token added before the first start
        String before = distribution.managementToken();
        Path tokens = distribution.home().resolve("etc/tokens");
        assertThat(Files.readString(tokens)).contains(UnpackedDistribution.OPERATOR + " sha256:").doesNotContain(before);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens))).isEqualTo("rw-------");

        PackagedGateway gateway = gateways.start(distribution, "gateway.log", port, "");
        gateway.awaitIrisReady(TIMEOUT);
        assertThat(index(null).statusCode()).as("no token").isEqualTo(401);
        assertThat(index(before).statusCode()).as("the token added while stopped").isEqualTo(200);

        // when another is added while it runs
        UnpackedDistribution.TokenCommand add = distribution.token("add", "ci-deployer", "manage");
        assertThat(add.exitCode()).as("%s", add).isZero();
        assertThat(add.err()).contains("shown only now");
        String running = add.out().strip();
        assertThat(running).startsWith("mgt_").isNotEqualTo(before);

        // then the running gateway takes it at the next call, and list shows both
        HttpResponse<String> served = index(running);
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(served.body()).contains("\"name\":\"iris\"");
        UnpackedDistribution.TokenCommand list = distribution.token("list");
        assertThat(list.out()).isEqualTo(UnpackedDistribution.OPERATOR + " manage\nci-deployer manage\n");

        // when it is removed, it is refused from the next call; the other token and inference go on
        UnpackedDistribution.TokenCommand remove = distribution.token("remove", "ci-deployer");
        assertThat(remove.exitCode()).as("%s", remove).isZero();
        assertThat(remove.out()).contains("removed the token of ci-deployer");
        HttpResponse<String> refused = index(running);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body()).contains("not in the token store");
        assertThat(index(before).statusCode()).isEqualTo(200);
        HttpResponse<String> inference = gateway.post("/v2/models/iris/infer", PackagedGateway.IRIS_REQUEST, TIMEOUT);
        assertThat(inference.statusCode()).as("inference needs no token: %s", inference.body()).isEqualTo(200);

        // and a mistake says what is wrong, with a non-zero exit
        UnpackedDistribution.TokenCommand again = distribution.token("remove", "ci-deployer");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("no token named ci-deployer");
        gateway.stopWithSigterm(TIMEOUT);
    }

    private HttpResponse<String> index(String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + INDEX))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
