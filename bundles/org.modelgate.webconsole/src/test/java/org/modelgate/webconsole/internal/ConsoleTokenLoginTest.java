package org.modelgate.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.access.internal.AccessControlService;

/**
 * The console honours the gateway's token store while access control runs: a manage token logs in, an infer token
 * or an unknown one is refused (403 with the reason, counted by access control), Basic logins work as before.
 */
class ConsoleTokenLoginTest {
    private static final String MANAGER = "mgt_console-manager-token-0123456789abcdef";
    private static final String CAMERA = "mgt_console-camera-token-0123456789abcdef";

    @TempDir
    Path etc;

    private ConsoleLogin login;
    private AccessControlService access;
    private FakeHttp.Response response;
    private Object user;

    @BeforeEach
    void givenAConsoleWithAccessControl() throws Exception {
        UsersFile.setPassword(etc.resolve("webconsole.users"), "operator", PasswordHash.of("operator password".toCharArray(), PasswordHash.MIN_ITERATIONS));
        Files.writeString(etc.resolve("tokens"), "deployer " + hash(MANAGER) + " manage\ncamera " + hash(CAMERA) + " infer\n",
                StandardCharsets.UTF_8);
        login = new ConsoleLogin(new ConsoleLoginConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ConsoleLoginConfig.class;
            }

            @Override
            public String usersFile() {
                return etc.resolve("webconsole.users").toString();
            }

            @Override
            public String generatedPasswordFile() {
                return etc.resolve("webconsole.password").toString();
            }
        });
        access = new AccessControlService(etc.resolve("tokens"), null, true, Set.of());
        login.credentials = new AccessCredentials(access);
    }

    @Test
    void aManageTokenLogsInAsItsHolder() {
        whenRequested(new FakeHttp.Request("GET").header("Authorization", "Bearer " + MANAGER));
        assertThat(user).isEqualTo("token:deployer");
        assertThat(response.status).isEqualTo(200);
    }

    @Test
    void anInferTokenOrAnUnknownOneIsForbiddenAndCounted() {
        whenRequested(new FakeHttp.Request("GET").header("Authorization", "Bearer " + CAMERA));
        assertThat(user).isNull();
        assertThat(response.status).isEqualTo(403);
        assertThat(response.body()).contains("token:camera may not call GET /system/console/bundles: it needs role manage");
        whenRequested(new FakeHttp.Request("GET").header("Authorization", "Bearer mgt_nope"));
        assertThat(response.status).isEqualTo(403);
        assertThat(access.denied()).containsEntry("insufficient_role", 1L).containsEntry("unknown_token", 1L);
    }

    @Test
    void basicLoginsWorkAsBefore() {
        whenRequested(new FakeHttp.Request("GET").basic("operator", "operator password"));
        assertThat(user).isEqualTo("operator");
        whenRequested(new FakeHttp.Request("GET"));
        assertThat(response.status).isEqualTo(401);
        assertThat(access.denied()).isEmpty();
    }

    private void whenRequested(FakeHttp.Request request) {
        response = new FakeHttp.Response();
        user = login.authenticate(request.servlet(), response.servlet());
    }

    private static String hash(String token) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
