package org.modelgate.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.audit.AuditVerification;
import org.modelgate.audit.AuditVerification.Reason;

/**
 * Feature: verification finds the first line that was edited, deleted, moved, cut short or garbled.
 */
class TamperDetectionTest {
    @TempDir
    Path folder;
    private LogFixture fixture;
    private List<String> lines;
    private AuditVerification result;

    @BeforeEach
    void givenALogOfFiveEntries() throws Exception {
        fixture = new LogFixture(folder);
        fixture.start();
        for (int i = 1; i <= 5; i++) {
            fixture.log.record("admin", "model.activated", "iris 1.0." + i, Map.of("via", "mg:activate"));
        }
        lines = fixture.lines();
    }

    @AfterEach
    void stopTheLog() {
        fixture.stop();
    }

    @Test
    void anUntouchedLogVerifies() throws Exception {
        whenVerifying();
        assertThat(result.ok()).isTrue();
        assertThat(result.entriesChecked()).isEqualTo(5);
        assertThat(result.headHash()).isEqualTo(fixture.log.tail(1).get(0).hash());
    }

    @Test
    void anEditedFieldIsFound() throws Exception {
        lines.set(2, lines.get(2).replace("iris 1.0.3", "iris 6.6.6"));
        whenVerifying();
        thenBrokenAt(3, 3, Reason.EDITED, "does not match its hash");
    }

    @Test
    void anEditWithARecomputedHashBreaksTheNextLink() throws Exception {
        String edited = lines.get(2).replace("iris 1.0.3", "iris 6.6.6");
        String withoutHash = edited.substring(0, edited.indexOf(",\"hash\":")) + "}";
        String newHash = EntryHash.sha256(withoutHash.getBytes(StandardCharsets.UTF_8));
        lines.set(2, edited.replaceAll("\"hash\":\"[0-9a-f]{64}\"", "\"hash\":\"" + newHash + "\""));
        whenVerifying();
        thenBrokenAt(4, 4, Reason.EDITED, "does not chain to entry 3");
    }

    @Test
    void aDeletedLineIsFound() throws Exception {
        lines.remove(1);
        whenVerifying();
        thenBrokenAt(2, 3, Reason.DELETED, "entry 2 is missing");
    }

    @Test
    void aDeletedFirstLineIsFound() throws Exception {
        lines.remove(0);
        whenVerifying();
        thenBrokenAt(1, 2, Reason.DELETED, "entry 1 is missing");
    }

    @Test
    void twoSwappedLinesAreFound() throws Exception {
        Collections.swap(lines, 1, 2);
        whenVerifying();
        thenBrokenAt(2, 3, Reason.REORDERED, "sequence 3 comes before sequence 2");
    }

    @Test
    void aRepeatedLineIsFound() throws Exception {
        lines.add(3, lines.get(1));
        whenVerifying();
        thenBrokenAt(4, 2, Reason.REORDERED, "sequence 2 comes after sequence 3");
    }

    @Test
    void aTruncatedLastLineIsFound() throws Exception {
        String last = lines.remove(4);
        fixture.writeLines(lines);
        Files.writeString(fixture.file, last.substring(0, 40), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        result = fixture.log.verify();
        thenBrokenAt(5, -1, Reason.TRUNCATED, "the last line stops after 40 bytes");
    }

    @Test
    void aMalformedLineIsFound() throws Exception {
        lines.set(1, "{\"seq\":2,\"note\":\"hello\"}");
        whenVerifying();
        thenBrokenAt(2, -1, Reason.MALFORMED, "field 'time' expected, found 'note'");
    }

    @Test
    void aReformattedButEquivalentLineIsFound() throws Exception {
        lines.set(1, lines.get(1).replace("\"actor\":\"admin\"", "\"actor\": \"\\u0061dmin\""));
        whenVerifying();
        thenBrokenAt(2, -1, Reason.MALFORMED, "not in canonical form");
    }

    private void whenVerifying() throws Exception {
        // The component reads up to the size it synced: rewrite in place with the same or smaller size,
        // or restart it on the edited file when the size changes.
        fixture.stop();
        fixture.writeLines(lines);
        fixture.start();
        result = fixture.log.verify();
    }

    private void thenBrokenAt(long line, long sequence, Reason reason, String message) {
        assertThat(result.ok()).isFalse();
        assertThat(result.firstBreak().line()).isEqualTo(line);
        assertThat(result.firstBreak().sequence()).isEqualTo(sequence);
        assertThat(result.firstBreak().reason()).isEqualTo(reason);
        assertThat(result.firstBreak().message()).contains(message);
    }
}
