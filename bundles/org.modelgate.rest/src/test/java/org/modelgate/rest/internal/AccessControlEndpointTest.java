package org.modelgate.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.access.internal.AccessControlService;

/**
 * Feature: management endpoints need a credential (401 without, 403 with a wrong or weak one), inference can stay
 * open; the real access control service decides, over real HTTP; the server keeps serving.
 */
class AccessControlEndpointTest extends OipEndpointSteps {
    private static final String MANAGER = "mgt_manager-token-for-tests-only-0123456789abcdef";
    private static final String CAMERA = "mgt_camera-token-for-tests-only-0123456789abcdef";

    @TempDir
    Path etc;
    private AccessControlService access;

    @Test
    void loadAndUnloadWithoutATokenAreUnauthorizedWithAChallenge() throws Exception {
        givenAccessControl(true);
        whenPosting("/v2/repository/models/digits/load", "");
        thenErrorIs(401, "POST /v2/repository/models/digits/load needs a credential with role manage: a bearer token"
                + " (Authorization: Bearer TOKEN) or a client certificate");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"modelgate\"");
        whenPosting("/v2/repository/models/iris/unload", "");
        thenStatusIs(401);
        assertThat(server.gateway.calls).isEmpty();
        thenTheServerStillServes();
    }

    @Test
    void aWrongOrInsufficientTokenIsForbiddenWithTheReason() throws Exception {
        givenAccessControl(true);
        whenSending("POST", "/v2/repository/models/digits/load", "Bearer mgt_guessed");
        thenErrorIs(403, "the bearer token is not in the token store (revoked, mistyped, or of another gateway)");
        whenSending("POST", "/v2/models/iris/profile", "Bearer " + CAMERA);
        thenErrorIs(403, "token:camera may not call POST /v2/models/iris/profile: it needs role manage");
        assertThat(access.denied()).containsEntry("unknown_token", 1L).containsEntry("insufficient_role", 1L);
        thenTheServerStillServes();
    }

    @Test
    void aManageTokenLoadsAndUnloads() throws Exception {
        givenAccessControl(true);
        whenSending("POST", "/v2/repository/models/digits/load", "Bearer " + MANAGER);
        thenStatusIs(200);
        whenSending("POST", "/v2/repository/models/digits/unload", "Bearer " + MANAGER);
        thenStatusIs(200);
        assertThat(server.gateway.calls).containsExactly("load digits", "unload digits");
        assertThat(access.denied()).isEmpty();
    }

    @Test
    void inferenceIsOpenWhileManagementIsClosed() throws Exception {
        givenAccessControl(true);
        thenTheServerStillServes();
        whenGetting("/v2/models/iris");
        thenStatusIs(200);
        whenGetting("/v2/models/iris/stats");
        thenStatusIs(401);
        whenGetting("/v2/models/iris/config");
        thenStatusIs(401);
        assertThat(access.denied()).containsEntry("missing_credential", 2L);
    }

    @Test
    void closedInferenceNeedsATokenWithRoleInfer() throws Exception {
        givenAccessControl(false);
        whenPosting("/v2/models/iris/infer", IRIS_REQUEST);
        thenStatusIs(401);
        response = server.send("POST", "/v2/models/iris/infer", IRIS_REQUEST, "Authorization", "Bearer " + CAMERA);
        thenStatusIs(200);
        thenBodyIs(IRIS_RESPONSE);
    }

    @Test
    void withAccessControlRequiredButNotRunningManagementIsClosed() throws Exception {
        server.servlet.requireAccessControl(true);
        whenPosting("/v2/repository/models/digits/load", "");
        thenErrorIs(503, "access control (bundle org.modelgate.access) is not running; management endpoints are closed"
                + " until it is");
        thenTheServerStillServes();
    }

    private void givenAccessControl(boolean inferenceOpen) throws Exception {
        Path tokens = etc.resolve("tokens");
        Files.writeString(tokens, "# name hash roles\n"
                + "deployer " + hash(MANAGER) + " manage\n"
                + "camera " + hash(CAMERA) + " infer\n", StandardCharsets.UTF_8);
        access = new AccessControlService(tokens, null, inferenceOpen, Set.of());
        server.servlet.callers = new AccessBridge(access);
    }

    private void whenSending(String method, String path, String authorization) throws Exception {
        response = server.send(method, path, "", "Authorization", authorization);
    }

    private static String hash(String token) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
