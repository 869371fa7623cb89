package org.modelgate.remote.mqtt.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.remote.mqtt.spool.Spool.Entry;
import org.modelgate.remote.mqtt.spool.Spool.Kind;

/** A journal with a torn or damaged tail opens: what comes before the damage survives, the rest is named as lost. */
class SpoolCorruptTailTest {
    @TempDir
    Path folder;

    @Test
    void aTruncatedLastEntryIsCutAndTheEntriesBeforeItSurvive() throws Exception {
        givenTenEntries();
        long size = Files.size(journal());
        whenTheJournalIsTruncatedTo(size - 3);
        try (DiskSpool spool = DiskSpool.open(folder, 1 << 20)) {
            SpoolRecovery recovery = spool.recovery();
            assertTrue(recovery.cut());
            assertEquals(SpoolRecord.ENTRY_HEADER + 10 - 3, recovery.discardedBytes(), "the torn entry's bytes");
            assertTrue(recovery.message().contains("Entries up to seq 9 are kept"), recovery.message());
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), seqs(spool));
            assertEquals(10, spool.offer(Kind.ALERT, SpoolOverflowTest.payload(10)),
                    "the lost entry's number is given again: it was never reported durable");
        }
        try (DiskSpool spool = DiskSpool.open(folder, 1 << 20)) {
            assertFalse(spool.recovery().cut(), "the cut journal opens clean afterwards: " + spool.recovery().message());
            assertEquals(10, spool.counts().entries());
        }
    }

    @Test
    void aTruncatedRecordHeaderIsCut() throws Exception {
        givenTenEntries();
        long size = Files.size(journal());
        whenTheJournalIsTruncatedTo(size - SpoolRecord.ENTRY_HEADER - 10 + 5);
        try (DiskSpool spool = DiskSpool.open(folder, 1 << 20)) {
            assertTrue(spool.recovery().message().contains("partly written record header"), spool.recovery().message());
            assertEquals(9, spool.counts().entries());
        }
    }

    @Test
    void aFlippedByteInTheMiddleKeepsTheEntriesBeforeIt() throws Exception {
        givenTenEntries();
        long fifthPayload = 8 + 4 * (SpoolRecord.ENTRY_HEADER + 10) + SpoolRecord.ENTRY_HEADER;
        try (RandomAccessFile file = new RandomAccessFile(journal().toFile(), "rw")) {
            file.seek(fifthPayload);
            file.write(file.read() ^ 0x40);
        }
        try (DiskSpool spool = DiskSpool.open(folder, 1 << 20)) {
            assertTrue(spool.recovery().message().contains("checksum does not match"), spool.recovery().message());
            assertEquals(List.of(1L, 2L, 3L, 4L), seqs(spool));
        }
    }

    @Test
    void aFileThatIsNotASpoolIsRefusedNotOverwritten() throws Exception {
        Files.writeString(journal(), "model weights, not a spool");
        IOException refused = assertThrows(IOException.class, () -> DiskSpool.open(folder, 100));
        assertTrue(refused.getMessage().contains("is not a Modelgate spool journal"), refused.getMessage());
        assertEquals("model weights, not a spool", Files.readString(journal()));
    }

    private void givenTenEntries() throws Exception {
        try (DiskSpool spool = DiskSpool.open(folder, 1 << 20)) {
            for (int i = 0; i < 10; i++) {
                spool.offer(i % 2 == 0 ? Kind.TELEMETRY : Kind.ALERT, SpoolOverflowTest.payload(i));
            }
        }
    }

    private void whenTheJournalIsTruncatedTo(long length) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(journal().toFile(), "rw")) {
            file.setLength(length);
        }
    }

    private Path journal() {
        return folder.resolve(SpoolJournal.FILE);
    }

    private static List<Long> seqs(DiskSpool spool) {
        return spool.waiting().stream().map(Entry::seq).toList();
    }
}
