package org.modelgate.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/modelgate token: the store of the home, the token alone on stdout, exit codes a script can test. */
class TokenToolTest {
    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void addPrintsOnlyTheTokenOnStdoutAndStoresItsHashInEtcTokens() throws Exception {
        int status = whenRun(null, "add", "ops", "manage");

        assertThat(status).isZero();
        String token = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(token).startsWith("mgt_").doesNotContain("\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("shown only now");
        Path file = home.resolve("etc/tokens");
        assertThat(Files.readString(file)).doesNotContain(token).contains("ops sha256:");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(new TokenStore(file).match(token).roles()).containsExactly("manage");
    }

    @Test
    void theStoreNamedInModelgatePropertiesOrJavaOptsIsTheOneWritten() throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/modelgate.properties"),
                "modelgate.access.tokens=${modelgate.home}/etc/site-tokens\n");

        whenRun(null, "add", "ci", "infer");
        assertThat(home.resolve("etc/site-tokens")).exists();
        assertThat(home.resolve("etc/tokens")).doesNotExist();

        whenRun(home.resolve("elsewhere").toString(), "add", "ci", "infer");
        assertThat(home.resolve("elsewhere")).exists();
    }

    @Test
    void listShowsNamesAndRolesAndRemoveRevokes() throws Exception {
        whenRun(null, "add", "ops", "infer,manage");
        String token = out.toString(StandardCharsets.UTF_8).strip();
        whenRun(null, "add", "camera-12", "infer");

        out.reset();
        assertThat(whenRun(null, "list")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("ops infer,manage\ncamera-12 infer\n");

        assertThat(whenRun(null, "remove", "ops")).isZero();
        assertThat(new TokenStore(home.resolve("etc/tokens")).match(token)).isNull();
    }

    @Test
    void mistakesExitNonZeroSayingWhatIsWrong() throws Exception {
        assertThat(whenRun(null, "remove", "nobody")).isEqualTo(TokenAdministration.FAILED);
        assertThat(whenRun(null, "add", "ops", "admin")).isEqualTo(TokenAdministration.FAILED);
        assertThat(whenRun(null, "rotate")).isEqualTo(TokenAdministration.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("modelgate token: no token named nobody")
                .contains("modelgate token: unknown role 'admin'").contains("usage: modelgate token add");
    }

    private int whenRun(String tokensProperty, String... args) {
        return TokenTool.run(home, tokensProperty, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }
}
