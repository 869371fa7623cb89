package org.modelgate.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.audit.AuditEntry;
import org.modelgate.audit.AuditLogException;
import org.modelgate.audit.AuditVerification;

/**
 * Feature: every recorded change is one canonical JSON line that carries the hash of the line before.
 */
class HashChainTest {
    @TempDir
    Path folder;
    private LogFixture fixture;
    private final List<AuditEntry> recorded = new ArrayList<>();

    @AfterEach
    void stopTheLog() {
        if (fixture != null && fixture.log != null) {
            fixture.stop();
        }
    }

    @Test
    void eachLineIsCanonicalJsonHashedWithoutItsHashAndChainedToTheLineBefore() throws Exception {
        givenAnEmptyLog();
        whenRecording(3);
        List<String> lines = fixture.lines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("{\"seq\":1,\"time\":\"2025-03-01T10:15:30.123Z\",\"actor\":\"admin\","
                + "\"action\":\"model.activated\",\"subject\":\"iris 1.0.1\",\"details\":{\"a\":\"first\",\"z\":\"last \\\"quoted\\\"\"},"
                + "\"prev\":\"" + "0".repeat(64) + "\",\"hash\":\"" + recorded.get(0).hash() + "\"}");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String withoutHash = line.substring(0, line.indexOf(",\"hash\":")) + "}";
            assertThat(recorded.get(i).hash()).isEqualTo(EntryHash.sha256(withoutHash.getBytes(StandardCharsets.UTF_8)));
            assertThat(recorded.get(i).sequence()).isEqualTo(i + 1);
            assertThat(recorded.get(i).previousHash()).isEqualTo(i == 0 ? AuditEntry.GENESIS_HASH : recorded.get(i - 1).hash());
        }
        thenVerificationPasses(3);
    }

    @Test
    void tailGivesTheLastEntriesOldestFirst() {
        givenAnEmptyLog();
        whenRecording(5);
        assertThat(fixture.log.tail(2)).containsExactly(recorded.get(3), recorded.get(4));
        assertThat(fixture.log.tail(50)).containsExactlyElementsOf(recorded);
        assertThat(fixture.log.tail(0)).isEmpty();
    }

    @Test
    void theChainContinuesAcrossRestarts() throws Exception {
        givenAnEmptyLog();
        whenRecording(2);
        fixture.stop();
        fixture.start();
        AuditEntry next = fixture.log.record("admin", "trust.key.added", "release-2025", Map.of());
        assertThat(next.sequence()).isEqualTo(3);
        assertThat(next.previousHash()).isEqualTo(recorded.get(1).hash());
        assertThat(fixture.lines()).hasSize(3);
        thenVerificationPasses(3);
    }

    @Test
    void concurrentRecordsFormOneValidChain() throws Exception {
        givenAnEmptyLog();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Callable<AuditEntry>> tasks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String subject = "model-" + i;
            tasks.add(() -> fixture.log.record("t", "model.loaded", subject, Map.of()));
        }
        List<Long> sequences = new ArrayList<>();
        for (Future<AuditEntry> result : threads.invokeAll(tasks)) {
            sequences.add(result.get().sequence());
        }
        threads.shutdown();
        assertThat(sequences).doesNotHaveDuplicates().hasSize(200).allMatch(s -> s >= 1 && s <= 200);
        assertThat(fixture.lines()).hasSize(200);
        thenVerificationPasses(200);
    }

    @Test
    void aSecondLogOnTheSameFileIsRefused() {
        givenAnEmptyLog();
        LogFixture second = new LogFixture(folder);
        assertThatThrownBy(second::start).isInstanceOf(AuditLogException.class)
                .hasMessageContaining("is in use by another audit log");
    }

    @Test
    void blankFieldsAreRefusedAndNothingIsWritten() throws Exception {
        givenAnEmptyLog();
        assertThatThrownBy(() -> fixture.log.record(" ", "model.activated", "iris", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-blank actor");
        assertThat(fixture.lines()).isEmpty();
    }

    private void givenAnEmptyLog() {
        fixture = new LogFixture(folder);
        fixture.start();
    }

    private void whenRecording(int count) {
        for (int i = 0; i < count; i++) {
            recorded.add(fixture.log.record("admin", "model.activated", "iris 1.0." + (i + 1),
                    Map.of("z", "last \"quoted\"", "a", i == 0 ? "first" : "next")));
        }
    }

    private void thenVerificationPasses(long entries) {
        AuditVerification result = fixture.log.verify();
        assertThat(result.firstBreak()).isNull();
        assertThat(result.ok()).isTrue();
        assertThat(result.entriesChecked()).isEqualTo(entries);
        assertThat(result.lastSequence()).isEqualTo(entries);
    }
}
