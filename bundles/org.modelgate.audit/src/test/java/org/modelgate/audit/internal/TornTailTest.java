package org.modelgate.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.audit.AuditEntry;
import org.modelgate.audit.AuditLogException;
import org.modelgate.audit.AuditVerification;
import org.modelgate.audit.AuditVerification.Reason;

/**
 * Feature: a power cut in the middle of a write leaves a partial last line; at the next start the
 * log keeps those bytes, names them in an audit.recovered entry, and goes on with a sound chain.
 */
class TornTailTest {
    @TempDir
    Path folder;
    private LogFixture fixture;
    private long sizeBeforeTear;
    private byte[] torn;

    @AfterEach
    void stopTheLog() {
        if (fixture.log != null) {
            fixture.stop();
        }
    }

    @Test
    void aTornLastLineIsKeptAndNamedByARecoveryEntry() throws Exception {
        givenALogOfTwoEntriesWithATornThird();
        whenTheLogStartsAgain();
        List<String> lines = fixture.lines();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(2).getBytes(StandardCharsets.UTF_8)).isEqualTo(torn);
        AuditEntry recovery = fixture.log.tail(1).get(0);
        assertThat(recovery.sequence()).isEqualTo(3);
        assertThat(recovery.action()).isEqualTo("audit.recovered");
        assertThat(recovery.details()).containsEntry("droppedOffset", Long.toString(sizeBeforeTear))
                .containsEntry("droppedBytes", Integer.toString(torn.length + 1));
        AuditVerification result = fixture.log.verify();
        assertThat(result.ok()).isTrue();
        assertThat(result.recoveredTails()).isEqualTo(1);
        assertThat(result.entriesChecked()).isEqualTo(3);
    }

    @Test
    void recordingGoesOnAfterTheRecovery() throws Exception {
        givenALogOfTwoEntriesWithATornThird();
        whenTheLogStartsAgain();
        AuditEntry next = fixture.log.record("admin", "model.activated", "iris 1.0.3", Map.of());
        assertThat(next.sequence()).isEqualTo(4);
        fixture.stop();
        fixture.start();
        assertThat(fixture.lines()).hasSize(5);
        assertThat(fixture.log.verify().ok()).isTrue();
    }

    @Test
    void theTornBytesCannotBeSwappedForOthersLater() throws Exception {
        givenALogOfTwoEntriesWithATornThird();
        whenTheLogStartsAgain();
        fixture.stop();
        List<String> lines = fixture.lines();
        lines.set(2, lines.get(2).replace('s', 'x'));
        fixture.writeLines(lines);
        fixture.start();
        AuditVerification result = fixture.log.verify();
        assertThat(result.ok()).isFalse();
        assertThat(result.firstBreak().line()).isEqualTo(3);
        assertThat(result.firstBreak().reason()).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void aCutWithinTheVeryFirstEntryIsRecoveredToo() throws Exception {
        fixture = new LogFixture(folder);
        Files.createDirectories(fixture.file.getParent());
        Files.writeString(fixture.file, "{\"seq\":1,\"ti");
        whenTheLogStartsAgain();
        assertThat(fixture.log.tail(5)).extracting(AuditEntry::action).containsExactly("audit.recovered");
        assertThat(fixture.log.verify().ok()).isTrue();
    }

    @Test
    void aLastEntryMissingOnlyItsNewlineIsKeptAsItIs() throws Exception {
        fixture = new LogFixture(folder);
        fixture.start();
        fixture.log.record("admin", "model.activated", "iris 1.0.1", Map.of());
        fixture.stop();
        byte[] bytes = Files.readAllBytes(fixture.file);
        Files.write(fixture.file, Arrays.copyOf(bytes, bytes.length - 1));
        whenTheLogStartsAgain();
        fixture.log.record("admin", "model.activated", "iris 1.0.2", Map.of());
        assertThat(fixture.log.tail(5)).extracting(AuditEntry::action).containsOnly("model.activated").hasSize(2);
        assertThat(fixture.log.verify().ok()).isTrue();
    }

    @Test
    void aFileThatIsNoAuditLogIsRefused() throws Exception {
        fixture = new LogFixture(folder);
        Files.createDirectories(fixture.file.getParent());
        Files.writeString(fixture.file, "root:x:0:0:root:/root:/bin/bash\nbin:x:1:1::/:/usr/bin/nologin\n");
        assertThatThrownBy(fixture::start).isInstanceOf(AuditLogException.class)
                .hasMessageContaining("is not an audit log").hasMessageContaining("configure another file");
        fixture.log = null;
        assertThat(Files.readString(fixture.file)).startsWith("root:x:0:0").hasLineCount(2);
    }

    private void givenALogOfTwoEntriesWithATornThird() throws Exception {
        fixture = new LogFixture(folder);
        fixture.start();
        fixture.log.record("admin", "model.activated", "iris 1.0.1", Map.of());
        fixture.log.record("admin", "model.activated", "iris 1.0.2", Map.of());
        fixture.stop();
        sizeBeforeTear = Files.size(fixture.file);
        torn = "{\"seq\":3,\"time\":\"2025-03-01T10:1".getBytes(StandardCharsets.UTF_8);
        Files.write(fixture.file, torn, StandardOpenOption.APPEND);
    }

    private void whenTheLogStartsAgain() {
        fixture.start();
    }
}
