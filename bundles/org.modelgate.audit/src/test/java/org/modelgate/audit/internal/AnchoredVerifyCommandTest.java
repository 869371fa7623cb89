package org.modelgate.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feature: mg:audit verify names what the checkpoints reveal (a cut-off end, a rewritten tail, a deleted
 * checkpoint file) with its reason, and fails; on a sound log it says how far the log is anchored.
 */
class AnchoredVerifyCommandTest {
    @TempDir
    Path folder;
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private LogFixture fixture;

    @BeforeEach
    void givenFiveEntriesWithACheckpointEveryThree() throws Exception {
        fixture = new LogFixture(folder);
        fixture.signer = new TestSigner("file-3f9a06c2d1e4b587");
        fixture.checkpointEveryEntries = 3;
        fixture.start();
        for (int i = 1; i <= 5; i++) {
            fixture.log.record("admin", "model.activated", "iris 1.0." + i, Map.of());
        }
    }

    @AfterEach
    void stopTheLog() {
        fixture.stop();
    }

    @Test
    void aSoundLogIsReportedAnchoredUpToItsLastCheckpoint() {
        whenVerifying();
        assertThat(out()).containsExactly("OK: 6 entries, chain intact",
                "head: sequence 6 hash " + fixture.log.tail(1).get(0).hash(),
                "anchored: 1 signed checkpoint(s) match the log; the last at sequence 4 (2025-03-01T10:15:30.123Z,"
                        + " key file-3f9a06c2d1e4b587); entries after it are not anchored yet");
        assertThat(err()).isEmpty();
    }

    @Test
    void aTruncatedLogIsReportedWithTheReason() throws Exception {
        givenTheLogEditedAfterACleanStop(lines -> lines.subList(3, lines.size()).clear());
        thenVerifyFailsWith("BROKEN at line 4 (sequence 4): BEHIND_CHECKPOINT: the log ends at sequence 3, but"
                + " checkpoint 1 of " + fixture.checkpoints() + " (sequence 4, 2025-03-01T10:15:30.123Z) covers up to"
                + " sequence 4: entry 4 was cut off the end of the log");
    }

    @Test
    void aRewrittenTailIsReportedWithTheReason() throws Exception {
        givenTheLogEditedAfterACleanStop(lines -> ChainForgery.rewriteFrom(lines, 1, "iris 6.6.6"));
        thenVerifyFailsWith("BROKEN at line 4 (sequence 4): REWRITTEN: the entry's hash is not the one checkpoint 1 of "
                + fixture.checkpoints() + " (sequence 4, 2025-03-01T10:15:30.123Z) signed: the log was rewritten from"
                + " this entry or an earlier one, with recomputed hashes");
    }

    @Test
    void aDeletedCheckpointFileIsReportedWithTheReason() throws Exception {
        fixture.stop();
        Files.delete(fixture.checkpoints());
        fixture.start();
        thenVerifyFailsWith("BROKEN at line 4 (sequence 4): CHECKPOINT_MISSING: the log records a checkpoint here, but"
                + " the checkpoint file " + fixture.checkpoints() + " holds no checkpoint or is gone: it was deleted or emptied");
    }

    private void givenTheLogEditedAfterACleanStop(java.util.function.Consumer<List<String>> edit) throws Exception {
        fixture.restartEdited(edit);
    }

    private void thenVerifyFailsWith(String message) {
        assertThatThrownBy(this::whenVerifying).isInstanceOf(AuditCommands.AuditBrokenException.class).hasMessage(message);
        assertThat(err()).containsExactly("mg:audit verify: " + message);
    }

    private void whenVerifying() {
        AuditCommands commands = new AuditCommands(() -> new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                () -> new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        commands.audit = fixture.log;
        commands.audit("verify");
    }

    private List<String> out() {
        return outBytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private List<String> err() {
        return errBytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
