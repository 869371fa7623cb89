package org.modelgate.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.servlet.context.ServletContextHelper;

/**
 * Who gets into the Web Console: nobody without the users file's credentials, admin/admin never,
 * nobody at all while the file is bad (and the provider keeps running, so the gateway stays up), and
 * no state-changing request from another site.
 */
class ConsoleLoginTest {
    @TempDir
    Path etc;

    private ConsoleLogin login;
    private FakeHttp.Response response;
    private Object user;

    private Path usersFile() {
        return etc.resolve("webconsole.users");
    }

    private Path passwordFile() {
        return etc.resolve("webconsole.password");
    }

    @Test
    void theFirstStartGeneratesAnAdminPasswordThatOnlyItsOwnerCanRead() throws Exception {
        whenTheProviderStarts();

        String password = Files.readString(passwordFile()).strip();
        assertThat(password).hasSize(20).isNotEqualTo("admin");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(usersFile()))).isEqualTo("rw-------");
        assertThat(Files.readString(usersFile())).contains("admin:pbkdf2-sha256:600000:").doesNotContain(password);

        whenRequested(new FakeHttp.Request("GET").basic("admin", password));
        thenLoggedInAs("admin");

        whenRequested(new FakeHttp.Request("GET").basic("admin", "admin"));
        thenChallenged();
    }

    @Test
    void anExistingUsersFileIsKeptAndNoPasswordIsGenerated() throws Exception {
        givenUser("operator", "operator password");

        whenTheProviderStarts();

        assertThat(passwordFile()).doesNotExist();
        assertThat(UsersFile.read(usersFile())).containsOnlyKeys("operator");
    }

    @Test
    void withoutOrWithWrongCredentialsTheBrowserIsAskedForThem() throws Exception {
        givenUser("operator", "operator password");
        whenTheProviderStarts();

        whenRequested(new FakeHttp.Request("GET"));
        thenChallenged();
        whenRequested(new FakeHttp.Request("GET").basic("operator", "operator passwore"));
        thenChallenged();
        whenRequested(new FakeHttp.Request("GET").basic("admin", "admin"));
        thenChallenged();
        whenRequested(new FakeHttp.Request("GET").header("Authorization", "Basic !!not-base64"));
        thenChallenged();
        whenRequested(new FakeHttp.Request("GET").header("Authorization", "Bearer abc"));
        thenChallenged();

        whenRequested(new FakeHttp.Request("GET").basic("operator", "operator password"));
        thenLoggedInAs("operator");
        whenRequested(new FakeHttp.Request("GET").basic("operator", "operator password")); // remembered
        thenLoggedInAs("operator");
    }

    @Test
    void aBadUsersFileLocksEveryoneOutUntilItIsFixedWithoutARestart() throws Exception {
        givenUser("operator", "operator password");
        whenTheProviderStarts();
        whenRequested(new FakeHttp.Request("GET").basic("operator", "operator password"));
        thenLoggedInAs("operator");
        String good = Files.readString(usersFile());

        Files.writeString(usersFile(), good + "broken line\n");
        whenRequested(new FakeHttp.Request("GET").basic("operator", "operator password"));
        thenLocked();
        whenRequested(new FakeHttp.Request("GET"));
        thenLocked();

        Files.writeString(usersFile(), good);
        whenRequested(new FakeHttp.Request("GET").basic("operator", "operator password"));
        thenLoggedInAs("operator");
    }

    @Test
    void aBadUsersFileAtStartStillRegistersAProviderThatRefusesEveryone() throws Exception {
        Files.writeString(usersFile(), "admin:plaintext-not-a-hash\n");

        whenTheProviderStarts();

        assertThat(passwordFile()).doesNotExist();
        whenRequested(new FakeHttp.Request("GET").basic("admin", "admin"));
        thenLocked();
    }

    @Test
    void aUsersFileOthersCanWriteLocksEveryoneOut() throws Exception {
        givenUser("operator", "operator password");
        Files.setPosixFilePermissions(usersFile(), PosixFilePermissions.fromString("rw-rw-rw-"));
        whenTheProviderStarts();

        whenRequested(new FakeHttp.Request("GET").basic("operator", "operator password"));
        thenLocked();

        Files.setPosixFilePermissions(usersFile(), PosixFilePermissions.fromString("rw-------"));
        whenRequested(new FakeHttp.Request("GET").basic("operator", "operator password"));
        thenLoggedInAs("operator");
    }

    @Test
    void aPasswordChangedWhileRunningCountsFromTheNextRequest() throws Exception {
        givenUser("operator", "operator password");
        whenTheProviderStarts();
        whenRequested(new FakeHttp.Request("GET").basic("operator", "operator password"));
        thenLoggedInAs("operator");

        givenUser("operator", "a new operator password");

        whenRequested(new FakeHttp.Request("GET").basic("operator", "operator password"));
        thenChallenged();
        whenRequested(new FakeHttp.Request("GET").basic("operator", "a new operator password"));
        thenLoggedInAs("operator");
    }

    @Test
    void aUsersFileDeletedWhileRunningLetsNobodyIn() throws Exception {
        givenUser("operator", "operator password");
        whenTheProviderStarts();

        Files.delete(usersFile());

        whenRequested(new FakeHttp.Request("GET").basic("operator", "operator password"));
        thenChallenged();
    }

    @Test
    void aPostFromAnotherSiteIsRefusedEvenWithCredentials() throws Exception {
        givenUser("operator", "operator password");
        whenTheProviderStarts();

        whenRequested(new FakeHttp.Request("POST").basic("operator", "operator password").header("Origin", "http://evil.example"));
        thenForbidden();
        whenRequested(new FakeHttp.Request("POST").basic("operator", "operator password").header("Sec-Fetch-Site", "cross-site"));
        thenForbidden();

        whenRequested(new FakeHttp.Request("POST").basic("operator", "operator password").header("Origin", "http://127.0.0.1:8080"));
        thenLoggedInAs("operator");
        whenRequested(new FakeHttp.Request("POST").basic("operator", "operator password")); // curl, scripts
        thenLoggedInAs("operator");
    }

    @Test
    void everyLoggedInOperatorHasEveryRoleAndNobodyElseHasAny() {
        login = new ConsoleLogin(new BasicLogins(new ConsoleUsers(usersFile())));

        assertThat(login.authorize("operator", "admin")).isTrue();
        assertThat(login.authorize(null, "admin")).isFalse();
    }

    private void givenUser(String name, String password) throws UsersFileException {
        UsersFile.setPassword(usersFile(), name, PasswordHash.of(password.toCharArray(), PasswordHash.MIN_ITERATIONS));
    }

    private void whenTheProviderStarts() {
        login = new ConsoleLogin(config(usersFile().toString(), passwordFile().toString()));
    }

    private void whenRequested(FakeHttp.Request request) {
        response = new FakeHttp.Response();
        FakeHttp.Request sent = request;
        user = login.authenticate(sent.servlet(), response.servlet());
        if (user != null) {
            assertThat(sent.attributes).containsEntry(ServletContextHelper.REMOTE_USER, user)
                    .containsEntry(ServletContextHelper.AUTHENTICATION_TYPE, "BASIC");
        }
    }

    private void thenLoggedInAs(String name) {
        assertThat(user).as("status %s, body %s", response.status, response.body()).isEqualTo(name);
        assertThat(response.status).isEqualTo(200); // untouched: the console goes on to serve the page
    }

    private void thenChallenged() {
        assertThat(user).isNull();
        assertThat(response.status).isEqualTo(401);
        assertThat(response.headers).containsEntry("WWW-Authenticate", "Basic realm=\"Modelgate Web Console\", charset=\"UTF-8\"");
    }

    private void thenLocked() {
        assertThat(user).isNull();
        assertThat(response.status).isEqualTo(503);
        assertThat(response.body()).contains("locked").contains("gateway log");
        assertThat(response.headers).doesNotContainKey("WWW-Authenticate");
    }

    private void thenForbidden() {
        assertThat(user).isNull();
        assertThat(response.status).isEqualTo(403);
    }

    private static ConsoleLoginConfig config(String usersFile, String passwordFile) {
        return new ConsoleLoginConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ConsoleLoginConfig.class;
            }

            @Override
            public String usersFile() {
                return usersFile;
            }

            @Override
            public String generatedPasswordFile() {
                return passwordFile;
            }
        };
    }
}
