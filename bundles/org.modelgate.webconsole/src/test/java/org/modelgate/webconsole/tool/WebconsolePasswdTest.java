package org.modelgate.webconsole.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.webconsole.internal.PasswordHash;
import org.modelgate.webconsole.internal.UsersFile;

/** bin/webconsole-passwd: what it sets, what it refuses, what it says. */
class WebconsolePasswdTest {
    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private int exitCode;

    private Path usersFile() {
        return home.resolve("etc/webconsole.users");
    }

    @Test
    void setsThePasswordReadFromStandardInput() throws Exception {
        whenRun("a long new password\n", "--stdin", "--iterations", "10000", "operator");

        assertThat(exitCode).as(err()).isZero();
        assertThat(out()).contains("Password of 'operator' set in " + usersFile());
        PasswordHash hash = UsersFile.read(usersFile()).get("operator");
        assertThat(hash.matches("a long new password".toCharArray())).isTrue();
        assertThat(hash.iterations()).isEqualTo(10_000);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(usersFile()))).isEqualTo("rw-------");
    }

    @Test
    void settingAdminsPasswordDeletesTheGeneratedOne() throws Exception {
        Files.createDirectories(usersFile().getParent());
        Path generated = usersFile().resolveSibling("webconsole.password");
        Files.writeString(generated, "generatedPassword1\n");

        whenRun("a long new password\n", "--stdin", "--iterations", "10000", "admin");

        assertThat(exitCode).as(err()).isZero();
        assertThat(generated).doesNotExist();
        assertThat(out()).contains("Deleted " + generated);
    }

    @Test
    void aShortPasswordIsRefusedAndNothingIsWritten() {
        whenRun("admin\n", "--stdin", "admin");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err()).contains("at least 12 characters");
        assertThat(usersFile()).doesNotExist();
    }

    @Test
    void aBadUsersFileIsReportedAndLeftAlone() throws Exception {
        Files.createDirectories(usersFile().getParent());
        Files.writeString(usersFile(), "admin:plaintext-not-a-hash\n");

        whenRun("a long new password\n", "--stdin", "operator");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err()).contains(usersFile() + " line 1:");
        assertThat(Files.readString(usersFile())).isEqualTo("admin:plaintext-not-a-hash\n");
    }

    @Test
    void withoutATerminalItAsksForStdin() {
        whenRun("", "admin");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err()).contains("no terminal").contains("--stdin");
    }

    @Test
    void wrongUsageExitsWith2() {
        whenRun("", "--stdin");
        assertThat(exitCode).isEqualTo(2);
        assertThat(err()).contains("name the user").contains("Usage: webconsole-passwd");

        whenRun("", "--iterations");
        assertThat(exitCode).isEqualTo(2);

        whenRun("", "a", "b");
        assertThat(exitCode).isEqualTo(2);
    }

    @Test
    void aBadUserNameIsRefused() {
        whenRun("a long new password\n", "--stdin", "bad:name");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err()).contains("a user name is 1 to 64 letters");
    }

    private void whenRun(String stdin, String... args) {
        out.reset();
        err.reset();
        exitCode = new WebconsolePasswd(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), null, home)
                .run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
