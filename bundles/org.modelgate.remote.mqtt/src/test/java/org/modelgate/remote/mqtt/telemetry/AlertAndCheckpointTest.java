package org.modelgate.remote.mqtt.telemetry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.audit.AuditCheckpoint;
import org.modelgate.monitor.health.Alert;
import org.modelgate.remote.mqtt.spool.DiskSpool;
import org.modelgate.remote.mqtt.spool.Spool;
import org.osgi.service.event.Event;

/** Health alerts and audit checkpoints reach the spool as ALERT entries, and outlast telemetry in a full spool. */
class AlertAndCheckpointTest {
    private static final Instant NOW = Instant.parse("2026-12-07T05:30:00Z");

    @TempDir
    Path folder;
    private DiskSpool spool;

    @AfterEach
    void close() {
        spool.close();
    }

    @Test
    void aRaisedAndAClearedAlertAreQueuedAsAlertsInOrder() throws Exception {
        givenASpoolOf(1 << 20);
        AlertForwarder alerts = new AlertForwarder(spool, TelemetryFixture.config(60, "edge-7"), Clock.fixed(NOW, ZoneOffset.UTC));
        alerts.handleEvent(new Event(Alert.TOPIC_RAISED, driftAlert()));
        alerts.handleEvent(new Event(Alert.TOPIC_CLEARED, driftAlert()));
        alerts.deactivate();
        List<Spool.Entry> entries = spool.waiting();
        assertEquals(List.of(Spool.Kind.ALERT, Spool.Kind.ALERT), entries.stream().map(Spool.Entry::kind).toList());
        Map<String, Object> raised = TelemetryFixture.json(entries.get(0).payload());
        assertEquals("alert", raised.get("type"));
        assertEquals("edge-7", raised.get("device"));
        assertEquals(NOW.toString(), raised.get("time"));
        assertEquals("raised", raised.get("state"));
        assertEquals("iris", raised.get("model"));
        assertEquals("1.1.0", raised.get("version"));
        assertEquals(Alert.KIND_DRIFT, raised.get("kind"));
        assertEquals("dataset", raised.get("subject"));
        assertEquals(0.75, ((Number) raised.get("value")).doubleValue());
        assertEquals(0.5, ((Number) raised.get("threshold")).doubleValue());
        assertEquals("3 of 4 features drifted", raised.get("message"));
        assertEquals("cleared", TelemetryFixture.json(entries.get(1).payload()).get("state"));
    }

    @Test
    void aCheckpointIsQueuedWithEverythingNeededToVerifyItOffTheDevice() throws Exception {
        givenASpoolOf(1 << 20);
        AuditCheckpoint checkpoint = new AuditCheckpoint(101, "ab".repeat(32), Instant.parse("2026-12-07T05:29:59.120Z"),
                "key-1", new byte[] {1, 2, 3, 4});
        new CheckpointForwarder(spool, TelemetryFixture.config(60, "edge-7"), Clock.fixed(NOW, ZoneOffset.UTC))
                .checkpointWritten(checkpoint);
        Spool.Entry entry = spool.peek().orElseThrow();
        assertEquals(Spool.Kind.ALERT, entry.kind(), "checkpoints are not dropped before telemetry");
        Map<String, Object> json = TelemetryFixture.json(entry.payload());
        assertEquals("audit-checkpoint", json.get("type"));
        assertEquals(101L, ((Number) json.get("sequence")).longValue());
        assertEquals("ab".repeat(32), json.get("headHash"));
        assertEquals("2026-12-07T05:29:59.120Z", json.get("checkpointTime"));
        assertEquals("key-1", json.get("keyId"));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, Base64.getDecoder().decode((String) json.get("signature")));
        assertArrayEquals(checkpoint.signedBytes(), ((String) json.get("statement")).getBytes(UTF_8));
    }

    @Test
    void inAFullSpoolTelemetryMakesRoomForAlertsAndCheckpoints() throws Exception {
        givenASpoolOf(8 * 1024);
        TelemetryReporter telemetry = new TelemetryReporter(spool, TelemetryFixture.config(0, "edge-7"),
                Clock.fixed(NOW, ZoneOffset.UTC));
        AlertForwarder alerts = new AlertForwarder(spool, TelemetryFixture.config(60, "edge-7"), Clock.systemUTC());
        CheckpointForwarder checkpoints = new CheckpointForwarder(spool, TelemetryFixture.config(60, "edge-7"),
                Clock.systemUTC());
        int offered = 0;
        try {
            for (int i = 0; i < 200; i++) {
                telemetry.offerSummary();
                offered++;
                if (i % 20 == 0) {
                    alerts.handleEvent(new Event(Alert.TOPIC_RAISED, driftAlert()));
                    checkpoints.checkpointWritten(new AuditCheckpoint(i, "cd".repeat(32), NOW, "key-1", new byte[8]));
                }
            }
        } finally {
            telemetry.deactivate();
            alerts.deactivate();
        }
        Spool.Counts counts = spool.counts();
        assertEquals(0, counts.droppedAlerts(), "no alert or checkpoint dropped while telemetry was there");
        List<Spool.Entry> left = spool.waiting();
        long leftTelemetry = left.stream().filter(e -> e.kind() == Spool.Kind.TELEMETRY).count();
        assertEquals(offered, counts.droppedTelemetry() + leftTelemetry, "every summary is either waiting or counted");
        assertEquals(20, left.stream().filter(e -> e.kind() == Spool.Kind.ALERT).count(), "10 alerts, 10 checkpoints");
    }

    @Test
    void aStalledDiskDoesNotHoldEventAdminsThreadAndTheAlertIsWrittenWhenTheDiskIsBack() throws Exception {
        givenASpoolOf(1 << 20);
        StalledSpool disk = new StalledSpool(spool);
        int pendingLimit = 10;
        AlertForwarder alerts = new AlertForwarder(disk, TelemetryFixture.config(60, "edge-7"),
                Clock.fixed(NOW, ZoneOffset.UTC), pendingLimit);
        // Felix Event Admin stops delivering to a handler that once took longer than 5 s.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            alerts.handleEvent(new Event(Alert.TOPIC_RAISED, driftAlert()));
            disk.awaitAWrite();
            for (int i = 0; i < pendingLimit; i++) {
                alerts.handleEvent(new Event(Alert.TOPIC_CLEARED, driftAlert()));
            }
            alerts.handleEvent(new Event(Alert.TOPIC_RAISED, driftAlert()));
        }, "handleEvent waited for a stalled disk");
        assertEquals(0, spool.counts().entries(), "nothing written while the disk stalls");

        disk.resume();
        alerts.deactivate();

        List<Spool.Entry> written = spool.waiting();
        assertEquals(1 + pendingLimit, written.size(),
                "the alert being written and the " + pendingLimit + " waiting; the next one is logged");
        assertEquals("raised", TelemetryFixture.json(written.get(0).payload()).get("state"));
        assertEquals("cleared", TelemetryFixture.json(written.get(written.size() - 1).payload()).get("state"));
    }

    private void givenASpoolOf(long bytes) throws Exception {
        spool = DiskSpool.open(folder, bytes);
    }

    /** A spool on a disk that stalls until resumed: every offer waits. */
    private static final class StalledSpool implements Spool {
        private final Spool disk;
        private final CountDownLatch writing = new CountDownLatch(1);
        private final CountDownLatch resumed = new CountDownLatch(1);

        StalledSpool(Spool disk) {
            this.disk = disk;
        }

        void awaitAWrite() throws InterruptedException {
            writing.await();
        }

        void resume() {
            resumed.countDown();
        }

        @Override
        public long offer(Kind kind, byte[] payload) {
            writing.countDown();
            try {
                resumed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return disk.offer(kind, payload);
        }

        @Override
        public Optional<Entry> peek() {
            return disk.peek();
        }

        @Override
        public void remove(long seq) {
            disk.remove(seq);
        }

        @Override
        public Counts counts() {
            return disk.counts();
        }

        @Override
        public void close() {
            disk.close();
        }
    }

    /** The properties org.modelgate.monitor.health posts with an alert (AlertChannels.properties). */
    private static Map<String, Object> driftAlert() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("model", "iris");
        properties.put("version", "1.1.0");
        properties.put("kind", Alert.KIND_DRIFT);
        properties.put("subject", "dataset");
        properties.put("statistic", "drift_share");
        properties.put("value", 0.75);
        properties.put("threshold", 0.5);
        properties.put("evidence", "3 of 4 features drifted");
        return properties;
    }
}
