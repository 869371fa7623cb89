package org.modelgate.remote.mqtt.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.remote.mqtt.spool.Spool.Entry;
import org.modelgate.remote.mqtt.spool.Spool.Kind;

/** What a spool holds, what it counted and where its sequence stands survive a close and reopen. */
class SpoolRestartTest {
    @TempDir
    Path folder;

    @Test
    void entriesCountersAndSequenceSurviveARestart() throws Exception {
        List<Long> waiting = new ArrayList<>();
        Spool.Counts before;
        long lastSeq;
        try (DiskSpool spool = DiskSpool.open(folder, 100)) {
            for (int i = 0; i < 30; i++) {
                lastSeq = spool.offer(i % 3 == 0 ? Kind.ALERT : Kind.TELEMETRY, SpoolOverflowTest.payload(i));
            }
            spool.offer(Kind.TELEMETRY, new byte[500]);
            spool.remove(spool.peek().orElseThrow().seq());
            before = spool.counts();
            for (Entry entry : entries(spool)) {
                waiting.add(entry.seq());
            }
        }
        try (DiskSpool spool = DiskSpool.open(folder, 100)) {
            assertFalse(spool.recovery().cut(), spool.recovery().message());
            assertEquals(before, spool.counts(), "entries, bytes, both drop counters and the refusals are as before");
            assertEquals(waiting, entries(spool).stream().map(Entry::seq).toList());
            long next = spool.offer(Kind.ALERT, SpoolOverflowTest.payload(99));
            assertTrue(next > waiting.get(waiting.size() - 1), "sequence numbers keep rising: " + next);
            assertEquals(31, next, "30 accepted offers before the restart took 1..30");
        }
    }

    @Test
    void aRewrittenJournalKeepsEntriesCountersAndSequenceAcrossARestart() throws Exception {
        List<byte[]> kept = new ArrayList<>();
        Spool.Counts before;
        long journalAfterRewrite;
        try (DiskSpool spool = DiskSpool.open(folder, 2_000, 4_096)) {
            // Offer and deliver far more than the spool holds: the journal is rewritten many times over.
            for (int i = 0; i < 5_000; i++) {
                spool.offer(i % 7 == 0 ? Kind.ALERT : Kind.TELEMETRY, SpoolOverflowTest.payload(i));
                if (i % 2 == 0) {
                    spool.remove(spool.peek().orElseThrow().seq());
                }
            }
            before = spool.counts();
            for (Entry entry : entries(spool)) {
                kept.add(entry.payload());
            }
            journalAfterRewrite = Files.size(folder.resolve(SpoolJournal.FILE));
        }
        assertTrue(journalAfterRewrite < 20_000, "the journal was rewritten: " + journalAfterRewrite + " bytes");
        assertTrue(before.droppedTelemetry() > 0);
        try (DiskSpool spool = DiskSpool.open(folder, 2_000, 4_096)) {
            assertEquals(before, spool.counts());
            List<Entry> entries = entries(spool);
            for (int i = 0; i < kept.size(); i++) {
                assertArrayEquals(kept.get(i), entries.get(i).payload());
            }
            assertEquals(5_001, spool.offer(Kind.TELEMETRY, SpoolOverflowTest.payload(1)));
        }
    }

    /** Every waiting entry, oldest first, left in place. */
    static List<Entry> entries(DiskSpool spool) {
        return spool.waiting();
    }
}
