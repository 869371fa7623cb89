package org.modelgate.access.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token store: tokens shown once, only hashes kept, bad lines named, edits seen at the next call. */
class TokenStoreTest {
    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void addedTokenIsPrintedOnceAndOnlyItsHashIsStored() throws Exception {
        Path file = folder.resolve("etc/tokens");
        String token = whenAdding(file, "ci", "manage");

        assertThat(token).startsWith("mgt_").hasSizeGreaterThan(40);
        String stored = Files.readString(file);
        assertThat(stored).doesNotContain(token).contains("ci sha256:" + java.util.HexFormat.of().formatHex(TokenHash.hash(token)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        TokenStore store = new TokenStore(file);
        assertThat(store.match(token).name()).isEqualTo("ci");
        assertThat(store.match(token + "x")).isNull();
    }

    @Test
    void aSecondAddReplacesTheTokenAndRemoveRevokesIt() throws Exception {
        Path file = folder.resolve("tokens");
        TokenStore store = new TokenStore(file);
        String first = whenAdding(file, "ops", "infer");
        assertThat(store.match(first).roles()).containsExactly("infer");

        String second = whenAdding(file, "ops", "infer,manage");
        assertThat(store.match(first)).isNull();
        assertThat(store.match(second).roles()).containsExactlyInAnyOrder("infer", "manage");

        commands(file).token("remove", "ops");
        assertThat(store.match(second)).isNull();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("removed the token of ops");
    }

    @Test
    void aBrokenLineIsNamedAndNoTokenIsAcceptedUntilItIsFixed() throws Exception {
        Path file = folder.resolve("tokens");
        String token = whenAdding(file, "ops", "manage");
        Files.writeString(file, Files.readString(file) + "intruder sha256:abcd manage\n");

        TokenStore store = new TokenStore(file);
        assertThat(store.match(token)).isNull();
        assertThat(store.problem()).contains("line 4").contains("64 hex digits");
        assertThatThrownBy(() -> TokenFile.add(file, "x", "infer")).isInstanceOf(TokenFileException.class)
                .hasMessageContaining("line 4");
        commands(file).token("add", "x", "infer");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("mg:token:");
    }

    @Test
    void unknownRolesAndBadNamesAreRefusedWithTheRule() {
        Path file = folder.resolve("tokens");
        commands(file).token("add", "ops", "admin");
        commands(file).token("add", "bad name!", "infer");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown role 'admin'; roles are infer, manage")
                .contains("must be letters, digits");
        assertThat(file).doesNotExist();
    }

    private String whenAdding(Path file, String name, String roles) {
        out.reset();
        commands(file).token("add", name, roles);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).contains("shown only now");
        return lines[1].strip();
    }

    private TokenCommands commands(Path file) {
        TokenCommands commands = new TokenCommands(() -> new PrintStream(out, true, StandardCharsets.UTF_8),
                () -> new PrintStream(err, true, StandardCharsets.UTF_8));
        commands.useFile(file);
        return commands;
    }
}
