package org.modelgate.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.security.Signature;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.audit.AuditCheckpoint;
import org.modelgate.audit.AuditEntry;
import org.modelgate.audit.AuditVerification;
import org.modelgate.audit.AuditVerification.Reason;

/**
 * Feature: signed checkpoints, kept apart from the log, let verification see what a hash chain alone
 * cannot: entries cut off the end, a tail rewritten with recomputed hashes, and the checkpoint file deleted.
 */
class AnchoredChainTest {
    @TempDir
    java.nio.file.Path folder;
    private LogFixture fixture;
    private final TestSigner signer = new TestSigner("device-test");
    private List<String> lines;
    private AuditVerification result;

    @BeforeEach
    void givenALogThatMakesACheckpointEveryThreeEntries() {
        fixture = new LogFixture(folder);
        fixture.signer = signer;
        fixture.checkpointEveryEntries = 3;
        fixture.start();
    }

    @AfterEach
    void stopTheLog() {
        fixture.stop();
    }

    @Test
    void everyThirdEntryIsFollowedByASignedCheckpointThatListenersGet() throws Exception {
        givenEntries(3);
        AuditEntry marker = fixture.log.tail(1).get(0);
        assertThat(marker.sequence()).isEqualTo(4);
        assertThat(marker.action()).isEqualTo("audit.checkpoint");
        assertThat(marker.details()).containsEntry("previousCheckpoint", "0").containsEntry("reason", "every 3 entries");
        assertThat(fixture.published).hasSize(1);
        AuditCheckpoint checkpoint = fixture.published.get(0);
        assertThat(checkpoint.sequence()).isEqualTo(4);
        assertThat(checkpoint.headHash()).isEqualTo(marker.hash());
        assertThat(checkpoint.keyId()).isEqualTo("device-test");
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(signer.publicKey());
        verifier.update(checkpoint.signedBytes());
        assertThat(verifier.verify(checkpoint.signature())).as("the checkpoint verifies with the device's public key").isTrue();
        assertThat(Files.readString(fixture.checkpoints())).isEqualTo(CheckpointFile.format(checkpoint) + "\n");
        assertThat(new CheckpointFile(fixture.checkpoints()).read().get(0).checkpoint()).as("read back whole")
                .isEqualTo(checkpoint);
        whenVerifying();
        assertThat(result.ok()).isTrue();
        assertThat(result.checkpointsChecked()).isEqualTo(1);
        assertThat(result.anchorNote()).isNull();
    }

    @Test
    void aCleanStopMakesACheckpointOfTheLastEntries() throws Exception {
        givenEntries(4);
        whenVerifying();
        assertThat(result.ok()).isTrue();
        assertThat(result.checkpointsChecked()).isEqualTo(2);
        assertThat(result.lastCheckpoint().sequence()).isEqualTo(6).isEqualTo(result.lastSequence());
        assertThat(fixture.log.tail(1).get(0).details()).containsEntry("reason", "clean stop")
                .containsEntry("previousCheckpoint", "4");
    }

    @Test
    void entriesCutOffTheEndAreReported() throws Exception {
        givenEntries(4);
        restartedWith(lines -> lines.subList(2, lines.size()).clear());
        thenBrokenAt(3, 4, Reason.BEHIND_CHECKPOINT, "the log ends at sequence 2, but checkpoint 1 of "
                + fixture.checkpoints() + " (sequence 4, 2025-03-01T10:15:30.123Z) covers up to sequence 4:"
                + " entries 3 to 4 were cut off the end of the log");
    }

    @Test
    void aTailRewrittenWithRecomputedHashesIsReported() throws Exception {
        givenEntries(4);
        restartedWith(lines -> ChainForgery.rewriteFrom(lines, 2, "iris 6.6.6"));
        assertThat(result.entriesChecked()).as("the chain alone is sound").isEqualTo(6);
        thenBrokenAt(4, 4, Reason.REWRITTEN, "the entry's hash is not the one checkpoint 1 of " + fixture.checkpoints()
                + " (sequence 4, 2025-03-01T10:15:30.123Z) signed: the log was rewritten from this entry or an earlier"
                + " one, with recomputed hashes");
    }

    @Test
    void aDeletedCheckpointFileIsReported() throws Exception {
        givenEntries(4);
        fixture.stop();
        Files.delete(fixture.checkpoints());
        fixture.start();
        whenVerifyingAsIs();
        thenBrokenAt(4, 4, Reason.CHECKPOINT_MISSING, "the log records a checkpoint here, but the checkpoint file "
                + fixture.checkpoints() + " holds no checkpoint or is gone: it was deleted or emptied");
    }

    @Test
    void aCheckpointFileCutShortIsReported() throws Exception {
        givenEntries(4);
        fixture.stop();
        List<String> checkpoints = Files.readAllLines(fixture.checkpoints());
        Files.writeString(fixture.checkpoints(), checkpoints.get(1) + "\n");
        fixture.start();
        whenVerifyingAsIs();
        thenBrokenAt(4, 4, Reason.CHECKPOINT_MISSING, "holds none for it: the checkpoint file was cut short or replaced");
    }

    @Test
    void anEditedCheckpointIsReported() throws Exception {
        givenEntries(4);
        fixture.stop();
        String checkpoints = Files.readString(fixture.checkpoints());
        Files.writeString(fixture.checkpoints(), checkpoints.replaceFirst("\"seq\":4,", "\"seq\":5,"));
        fixture.start();
        whenVerifyingAsIs();
        thenBrokenAt(0, -1, Reason.CHECKPOINT_INVALID, "(sequence 5, 2025-03-01T10:15:30.123Z): the signature does not"
                + " verify: the checkpoint file was edited");
    }

    @Test
    void aCheckpointEntryLeftUnsignedByAStopIsSignedAtTheNextStart() throws Exception {
        givenEntries(4);
        fixture.stop();
        // as if the gateway died after the checkpoint entry 6 and part way through its line in the checkpoint file
        List<String> checkpoints = Files.readAllLines(fixture.checkpoints());
        Files.writeString(fixture.checkpoints(), checkpoints.get(0) + "\n" + "{\"seq\":6,\"ha");
        fixture.start();
        whenVerifyingAsIs();
        assertThat(result.ok()).isTrue();
        assertThat(result.lastCheckpoint().sequence()).isEqualTo(6);
        assertThat(Files.readAllLines(fixture.checkpoints())).hasSize(2).allSatisfy(line -> assertThat(line).endsWith("\"}"));
        assertThat(fixture.published).extracting(AuditCheckpoint::sequence).containsExactly(4L, 6L, 6L);
    }

    @Test
    void theTimerMakesACheckpointOnlyWhenTheLogAdvanced() throws Exception {
        java.nio.file.Path other = folder.resolve("timed/audit.log");
        CheckpointFile timed = new CheckpointFile(other.resolveSibling("checkpoints"));
        try (AuditFile log = AuditFile.open(other)) {
            Checkpointer checkpointer = new Checkpointer(log, timed, 0, java.time.Instant::now, () -> signer, List::of);
            checkpointer.resume();
            checkpointer.checkpointIfAdvanced("every 60 s");
            assertThat(timed.read()).as("an empty log needs no checkpoint").isEmpty();
            log.append(java.time.Instant.now(), "admin", "model.activated", "iris 1.0.0", Map.of());
            checkpointer.entryRecorded();
            assertThat(timed.read()).as("checkpointEveryEntries 0: not by count").isEmpty();
            checkpointer.checkpointIfAdvanced("every 60 s");
            checkpointer.checkpointIfAdvanced("every 60 s");
            assertThat(timed.read()).extracting(line -> line.checkpoint().sequence()).containsExactly(2L);
            assertThat(log.tail(1).get(0).details()).containsEntry("reason", "every 60 s");
        }
    }

    @Test
    void withoutASignerNoCheckpointIsMadeAndVerificationSaysSo() throws Exception {
        fixture.stop();
        fixture.signer = null;
        fixture.start();
        givenEntries(4);
        whenVerifyingAsIs();
        assertThat(result.ok()).isTrue();
        assertThat(result.lastCheckpoint()).isNull();
        assertThat(result.anchorNote()).startsWith("checkpoint signatures not checked and no new checkpoints");
        assertThat(fixture.checkpoints()).doesNotExist();
    }

    private void givenEntries(int count) throws Exception {
        for (int i = 1; i <= count; i++) {
            fixture.log.record("admin", "model.activated", "iris 1.0." + i, Map.of("via", "mg:activate"));
        }
        lines = fixture.lines();
    }

    /** Stops the log cleanly (a checkpoint), lets the test edit the log's lines, starts it again. */
    private void restartedWith(java.util.function.Consumer<List<String>> edit) throws Exception {
        fixture.restartEdited(edit);
        whenVerifyingAsIs();
    }

    private void whenVerifying() {
        fixture.stop();
        fixture.start();
        whenVerifyingAsIs();
    }

    private void whenVerifyingAsIs() {
        result = fixture.log.verify();
    }

    private void thenBrokenAt(long line, long sequence, Reason reason, String message) {
        assertThat(result.ok()).as("broken").isFalse();
        assertThat(result.firstBreak().reason()).isEqualTo(reason);
        assertThat(result.firstBreak().message()).contains(message);
        assertThat(result.firstBreak().line()).isEqualTo(line);
        assertThat(result.firstBreak().sequence()).isEqualTo(sequence);
    }
}
