package org.modelgate.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users file: reading it strictly, and changing one user's line. */
class UsersFileTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("webconsole.users");
    }

    private static PasswordHash hashOf(String password) {
        return PasswordHash.of(password.toCharArray(), PasswordHash.MIN_ITERATIONS);
    }

    @Test
    void readsUsersAndSkipsCommentsAndBlankLines() throws Exception {
        PasswordHash admin = hashOf("admin password 1");
        PasswordHash operator = hashOf("operator password");
        Files.writeString(file(), "# users\n\nadmin:" + admin.encoded() + "\n  # indented comment\n operator:" + operator.encoded() + " \n");

        Map<String, PasswordHash> users = UsersFile.read(file());

        assertThat(users).containsExactly(Map.entry("admin", admin), Map.entry("operator", operator));
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        assertThatThrownBy(() -> UsersFile.read(file())).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aBadLineRefusesTheWholeFileNamingTheLineButNotItsContent() throws Exception {
        PasswordHash admin = hashOf("admin password 1");
        Files.writeString(file(), "admin:" + admin.encoded() + "\noperator:pbkdf2-sha256:10000:c2FsdHNhbHQ=:c2VjcmV0LWJ1dC10b28tc2hvcnQ=\n");

        assertThatThrownBy(() -> UsersFile.read(file()))
                .isInstanceOf(UsersFileException.class)
                .hasMessage(file() + " line 2: user 'operator': the hash must have 32 bytes, got 20; "
                        + "set the password again with bin/webconsole-passwd operator")
                .message().doesNotContain("c2VjcmV0");
    }

    @Test
    void plainTextPasswordsAreRefused() throws Exception {
        Files.writeString(file(), "admin:plaintext-not-a-hash\n");

        assertThatThrownBy(() -> UsersFile.read(file()))
                .hasMessage(file() + " line 1: user 'admin': expected pbkdf2-sha256:ITERATIONS:SALT:HASH, got 1 fields; "
                        + "set the password again with bin/webconsole-passwd admin");
    }

    @Test
    void aLineWithoutColonOrWithABadNameOrATwiceListedUserIsRefused() throws Exception {
        String entry = hashOf("admin password 1").encoded();
        Files.writeString(file(), "admin\n");
        assertThatThrownBy(() -> UsersFile.read(file())).hasMessage(file() + " line 1: expected NAME:pbkdf2-sha256:ITERATIONS:SALT:HASH (no ':' found)");

        Files.writeString(file(), "ad min:" + entry + "\n");
        assertThatThrownBy(() -> UsersFile.read(file())).hasMessage(file() + " line 1: the user name must be 1 to 64 letters, digits or . _ @ -");

        Files.writeString(file(), "admin:" + entry + "\n# again\nadmin:" + entry + "\n");
        assertThatThrownBy(() -> UsersFile.read(file())).hasMessage(file() + " line 3: user 'admin' is listed twice");
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() throws Exception {
        Files.write(file(), new byte[] { 'a', ':', (byte) 0xff, (byte) 0xfe });

        assertThatThrownBy(() -> UsersFile.read(file())).hasMessage(file() + " is not UTF-8 text");
    }

    @Test
    void settingAPasswordCreatesAnOwnerOnlyFileWithAHeader() throws Exception {
        PasswordHash admin = hashOf("admin password 1");

        UsersFile.setPassword(file(), "admin", admin);

        assertThat(UsersFile.read(file())).containsExactly(Map.entry("admin", admin));
        assertThat(Files.readString(file())).startsWith("# Modelgate Web Console users");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
        try (var leftovers = Files.list(dir)) {
            assertThat(leftovers).containsExactly(file());
        }
    }

    @Test
    void settingAPasswordReplacesOnlyThatUsersLine() throws Exception {
        PasswordHash admin = hashOf("admin password 1");
        PasswordHash operator = hashOf("operator password");
        Files.writeString(file(), "# ours\nadmin:" + admin.encoded() + "\noperator:" + operator.encoded() + "\n");
        PasswordHash changed = hashOf("admin password 2");

        UsersFile.setPassword(file(), "admin", changed);

        assertThat(UsersFile.read(file())).containsExactly(Map.entry("admin", changed), Map.entry("operator", operator));
        assertThat(Files.readString(file())).startsWith("# ours\nadmin:");
    }

    @Test
    void aBrokenFileIsNotChangedAndABadNameIsRefused() throws Exception {
        Files.writeString(file(), "admin:plaintext-not-a-hash\n");

        assertThatThrownBy(() -> UsersFile.setPassword(file(), "operator", hashOf("operator password")))
                .hasMessageStartingWith(file() + " line 1:");
        assertThat(Files.readString(file())).isEqualTo("admin:plaintext-not-a-hash\n");

        assertThatThrownBy(() -> UsersFile.setPassword(dir.resolve("other.users"), "a:b", hashOf("operator password")))
                .hasMessage("a user name is 1 to 64 letters, digits or . _ @ - (got 'a:b')");
    }
}
