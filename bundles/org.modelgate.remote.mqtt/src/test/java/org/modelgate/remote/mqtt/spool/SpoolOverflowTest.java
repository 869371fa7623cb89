package org.modelgate.remote.mqtt.spool;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.remote.mqtt.spool.Spool.Entry;
import org.modelgate.remote.mqtt.spool.Spool.Kind;

/** A full spool drops the oldest telemetry first, alerts only when no telemetry is left, and counts every drop. */
class SpoolOverflowTest {
    @TempDir
    Path folder;
    private DiskSpool spool;

    @AfterEach
    void close() {
        if (spool != null) {
            spool.close();
        }
    }

    @Test
    void telemetryIsDroppedBeforeAnyAlertAndEveryDropIsCounted() throws Exception {
        givenASpoolOf(100 * 10);
        List<Long> alerts = new ArrayList<>();
        // Thousands of offers, one alert in five: 20 alerts of 10 bytes take 200 of the 1000 bytes.
        for (int i = 0; i < 5000; i++) {
            Kind kind = i % 250 == 0 ? Kind.ALERT : Kind.TELEMETRY;
            long seq = spool.offer(kind, payload(i));
            if (kind == Kind.ALERT) {
                alerts.add(seq);
            }
        }
        Spool.Counts counts = spool.counts();
        assertEquals(100, counts.entries(), "1000 bytes hold 100 entries of 10 bytes");
        assertEquals(1000, counts.bytes());
        assertEquals(5000 - 100, counts.droppedTelemetry(), "every entry that is not there was dropped and counted");
        assertEquals(0, counts.droppedAlerts(), "no alert is dropped while telemetry can make room");
        assertEquals(alerts, seqsOf(drain(), Kind.ALERT), "all 20 alerts kept");
    }

    @Test
    void alertsAreDroppedOldestFirstOnlyWhenNoTelemetryIsLeft() throws Exception {
        givenASpoolOf(50);
        for (int i = 0; i < 3; i++) {
            spool.offer(Kind.TELEMETRY, payload(i));
        }
        long firstAlert = 0;
        for (int i = 0; i < 1000; i++) {
            long seq = spool.offer(Kind.ALERT, payload(100 + i));
            firstAlert = i == 0 ? seq : firstAlert;
        }
        Spool.Counts counts = spool.counts();
        assertEquals(3, counts.droppedTelemetry());
        assertEquals(1000 - 5, counts.droppedAlerts());
        List<Entry> left = drain();
        assertEquals(List.of(firstAlert + 995, firstAlert + 996, firstAlert + 997, firstAlert + 998, firstAlert + 999),
                left.stream().map(Entry::seq).toList(), "the newest five alerts are kept, the oldest went first");
    }

    @Test
    void anOfferLargerThanTheSpoolIsRefusedAndCountedWithoutDroppingAnything() throws Exception {
        givenASpoolOf(100);
        long kept = spool.offer(Kind.TELEMETRY, payload(1));
        long refused = spool.offer(Kind.ALERT, new byte[101]);
        assertEquals(-1, refused);
        Spool.Counts counts = spool.counts();
        assertEquals(new Spool.Counts(1, 10, 0, 0, 1), counts);
        assertEquals(kept, spool.peek().orElseThrow().seq());
    }

    @Test
    void entriesLeaveOldestFirstAcrossBothKindsAndStayUntilRemoved() throws Exception {
        givenASpoolOf(1 << 20);
        long t1 = spool.offer(Kind.TELEMETRY, payload(1));
        long a1 = spool.offer(Kind.ALERT, payload(2));
        long t2 = spool.offer(Kind.TELEMETRY, payload(3));
        long a2 = spool.offer(Kind.ALERT, payload(4));
        assertEquals(t1, spool.peek().orElseThrow().seq());
        assertEquals(t1, spool.peek().orElseThrow().seq(), "peek does not remove");
        spool.remove(a2 + 100);
        spool.remove(-1);
        assertEquals(4, spool.counts().entries(), "unknown sequence numbers are ignored");
        List<Entry> order = drain();
        assertEquals(List.of(t1, a1, t2, a2), order.stream().map(Entry::seq).toList());
        assertEquals(List.of(Kind.TELEMETRY, Kind.ALERT, Kind.TELEMETRY, Kind.ALERT), order.stream().map(Entry::kind).toList());
        assertEquals("e-00000002", new String(order.get(1).payload(), UTF_8));
        assertTrue(order.get(0).createdMillis() > 0);
    }

    @Test
    void shrinkingTheCapacityDropsTelemetryFirstAndCounts() throws Exception {
        givenASpoolOf(1000);
        for (int i = 0; i < 10; i++) {
            spool.offer(i < 5 ? Kind.ALERT : Kind.TELEMETRY, payload(i));
        }
        spool.capacity(30);
        Spool.Counts counts = spool.counts();
        assertEquals(5, counts.droppedTelemetry());
        assertEquals(2, counts.droppedAlerts());
        assertEquals(3, counts.entries());
    }

    private void givenASpoolOf(long bytes) throws Exception {
        spool = DiskSpool.open(folder, bytes);
    }

    /** Ten bytes. */
    static byte[] payload(int i) {
        return String.format("e-%08d", i).getBytes(UTF_8);
    }

    private List<Entry> drain() {
        List<Entry> entries = new ArrayList<>();
        for (Entry entry = spool.peek().orElse(null); entry != null; entry = spool.peek().orElse(null)) {
            entries.add(entry);
            spool.remove(entry.seq());
        }
        return entries;
    }

    private static List<Long> seqsOf(List<Entry> entries, Kind kind) {
        return entries.stream().filter(e -> e.kind() == kind).map(Entry::seq).toList();
    }
}
