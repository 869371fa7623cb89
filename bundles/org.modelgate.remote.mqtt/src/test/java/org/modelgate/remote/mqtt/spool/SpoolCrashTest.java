package org.modelgate.remote.mqtt.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.remote.mqtt.spool.Spool.Entry;

/**
 * A gateway killed in the middle of offering loses nothing an offer had returned: a child JVM offers entries,
 * prints each returned sequence number, and is killed ({@link Process#destroyForcibly()}) mid-run.
 */
class SpoolCrashTest {
    private static final int OFFERS = 1_000_000;
    private static final int KILL_AFTER = 300;

    @TempDir
    Path folder;

    @Test
    void everyEntryWhoseOfferReturnedIsThereAfterTheProcessIsKilled() throws Exception {
        Path printedFile = folder.resolve("child.out");
        Process child = givenAChildOfferingEntries(printedFile);
        whenKilledAfter(KILL_AFTER, printedFile, child);
        // Every line the child wrote before it died is in the file: read them all.
        Map<Long, Integer> printed = printed(printedFile);
        assertTrue(printed.size() >= KILL_AFTER && printed.size() < OFFERS, "killed mid-run after " + printed.size());
        thenTheReopenedSpoolHoldsEveryPrintedEntry(printed);
    }

    private Process givenAChildOfferingEntries(Path out) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                SpoolCrashChild.class.getName(), folder.resolve("spool").toString(), Integer.toString(OFFERS))
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static void whenKilledAfter(int lines, Path out, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (printed(out).size() < lines) {
            if (!child.isAlive()) {
                throw new AssertionError("the child ended after " + printed(out).size() + " offers, exit " + child.exitValue());
            }
            if (System.nanoTime() > deadline) {
                child.destroyForcibly();
                throw new AssertionError("the child offered only " + printed(out).size() + " entries in 5 minutes");
            }
            Thread.sleep(20);
        }
        child.destroyForcibly();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child died");
    }

    /** The sequence numbers and offer indexes of the complete lines the child printed. */
    private static Map<Long, Integer> printed(Path out) throws IOException {
        String text = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
        Map<Long, Integer> printed = new LinkedHashMap<>();
        int lineEnd;
        for (int start = 0; (lineEnd = text.indexOf('\n', start)) >= 0; start = lineEnd + 1) {
            String line = text.substring(start, lineEnd);
            if (line.equals("done")) {
                throw new AssertionError("the child offered everything before it was killed: offer more");
            }
            if (!line.equals("open")) {
                String[] parts = line.split(" ");
                printed.put(Long.parseLong(parts[0]), Integer.parseInt(parts[1]));
            }
        }
        return printed;
    }

    private void thenTheReopenedSpoolHoldsEveryPrintedEntry(Map<Long, Integer> printed) throws Exception {
        try (DiskSpool spool = DiskSpool.open(folder.resolve("spool"), 64L << 20)) {
            Map<Long, Entry> found = spool.waiting().stream().collect(Collectors.toMap(Entry::seq, Function.identity()));
            for (Map.Entry<Long, Integer> offer : printed.entrySet()) {
                Entry entry = found.get(offer.getKey());
                assertTrue(entry != null, "entry " + offer.getKey() + " was reported durable and is missing; "
                        + spool.recovery().message());
                assertArrayEquals(SpoolCrashChild.payload(offer.getValue()), entry.payload());
            }
            List<Long> seqs = spool.waiting().stream().map(Entry::seq).toList();
            assertEquals(List.copyOf(printed.keySet()), seqs.subList(0, printed.size()),
                    "the printed entries come first, in order; at most the one being offered follows");
            assertTrue(seqs.size() - printed.size() <= 1, "at most one unreported entry: " + seqs.size() + " vs "
                    + printed.size());
            long next = spool.offer(Spool.Kind.ALERT, new byte[1]);
            assertTrue(next > seqs.get(seqs.size() - 1), "the sequence goes on rising after the crash");
        }
    }
}
