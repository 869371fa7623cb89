package org.modelgate.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feature: operators read and verify the audit log from the Gogo shell with mg:audit.
 */
class AuditCommandsTest {
    @TempDir
    Path folder;
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private LogFixture fixture;
    private AuditCommands commands;

    @BeforeEach
    void givenALogWithThreeEntries() {
        fixture = new LogFixture(folder);
        fixture.start();
        fixture.log.record("admin", "model.activated", "iris 1.1.0", Map.of("previous", "1.0.0"));
        fixture.log.record("framework", "bundle.installed", "org.example.a-bundle-with-a-long-name 1.0.0",
                Map.of("bundleId", "42", "location", "file:/opt/modelgate/system/org/example/a-bundle-with-a-long-name-1.0.0.jar"));
        fixture.log.record("alice (ssh key SHA256:Qx1, alice@laptop)", "trust.key.added", "release-2025", Map.of());
        commands = new AuditCommands(() -> new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                () -> new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        commands.audit = fixture.log;
    }

    @AfterEach
    void stopTheLog() {
        fixture.stop();
    }

    @Test
    void theLastEntriesFitIn80ColumnsAndALongActorIsShownWhole() {
        commands.audit("-n", "2");
        assertThat(out()).containsExactly(
                "SEQ    TIME (UTC)          ACTOR      ACTION             SUBJECT",
                "2      2025-03-01 10:15:30 framework  bundle.installed   org.example.a-bundle...",
                "       bundleId=42 location=file:/opt/modelgate/system/org/example/a-bundle-w...",
                "3      2025-03-01 10:15:30 alice      trust.key.added    release-2025",
                "       by alice (ssh key SHA256:Qx1, alice@laptop)");
        assertThat(out()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
        assertThat(err()).isEmpty();
    }

    @Test
    void withoutACountTheDefaultTailIsShown() {
        commands.audit();
        assertThat(out()).hasSize(1 + 3 + 2 + 1).anySatisfy(line -> assertThat(line).startsWith("1      "));
    }

    @Test
    void verifyPrintsOkWithTheCountAndTheHead() {
        commands.audit("verify");
        String head = fixture.log.tail(1).get(0).hash();
        assertThat(out()).containsExactly("OK: 3 entries, chain intact", "head: sequence 3 hash " + head,
                "not anchored: checkpoint signatures not checked and no new checkpoints: no checkpoint signer"
                        + " (the trust feature provides one: PID org.modelgate.security.signing)");
        assertThat(err()).isEmpty();
    }

    @Test
    void verifyOfABrokenLogSaysWhereAndFails() throws Exception {
        List<String> lines = fixture.lines();
        lines.set(1, lines.get(1).replace("\"42\"", "\"43\""));
        fixture.writeLines(lines);
        assertThatThrownBy(() -> commands.audit("verify")).isInstanceOf(AuditCommands.AuditBrokenException.class)
                .hasMessage("BROKEN at line 2 (sequence 2): EDITED: the entry's content does not match its hash:"
                        + " a field was changed after it was written");
        assertThat(err()).containsExactly("mg:audit verify: BROKEN at line 2 (sequence 2): EDITED: the entry's"
                + " content does not match its hash: a field was changed after it was written");
        assertThat(out()).containsExactly("1 entries sound before the break, up to sequence 1");
    }

    @Test
    void helpDescribesBothForms() {
        commands.audit("-h");
        assertThat(out().get(0)).isEqualTo("usage: mg:audit [-n <count>] | mg:audit verify");
        assertThat(String.join("\n", out())).contains("verify  re-reads the whole log").contains("-n <count>");
        commands.audit("verify", "-h");
        assertThat(out()).filteredOn(line -> line.startsWith("usage:")).hasSize(2);
    }

    @Test
    void mistakesAreOneLineOnStderr() {
        commands.audit("-n", "many");
        commands.audit("remove", "3");
        commands.audit = null;
        commands.audit("verify");
        assertThat(err()).containsExactly(
                "mg:audit: -n takes a count of 0 or more, got 'many'",
                "mg:audit: unexpected arguments [remove, 3]; usage: mg:audit [-n <count>] | mg:audit verify",
                "mg:audit: the audit log is not available (is org.modelgate.audit active and its file writable?"
                        + " see the framework log)");
        assertThat(out()).isEmpty();
    }

    private List<String> out() {
        return outBytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private List<String> err() {
        return errBytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
