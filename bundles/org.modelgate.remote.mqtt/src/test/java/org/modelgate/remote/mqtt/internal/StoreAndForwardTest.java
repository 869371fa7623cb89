package org.modelgate.remote.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.modelgate.remote.mqtt.spool.DiskSpool;
import org.modelgate.remote.mqtt.spool.Spool;

/**
 * Store and forward end to end: the agent's drain over the persistent spool, against HiveMQ CE embedded that goes
 * down and comes back. The agent reaches the broker through a {@link LinkGate} that opens only once the test's
 * subscriber listens, so every delivery is seen.
 */
class StoreAndForwardTest {
    private static final String TELEMETRY = "modelgate/test/dev1/telemetry";
    private static final String ALERTS = "modelgate/test/dev1/alerts";
    private static final int PAYLOAD_BYTES = 200;

    private EmbeddedBroker broker;
    private LinkGate gate;
    private Path home;
    private DiskSpool spool;
    private Agent agent;
    private TestController subscriber;
    /** What was offered: seq to kind, in offer order. */
    private final Map<Long, Spool.Kind> offered = new LinkedHashMap<>();

    @AfterEach
    void stop() throws Exception {
        if (subscriber != null) {
            subscriber.close();
        }
        if (agent != null) {
            agent.stop();
        }
        if (spool != null) {
            spool.close();
        }
        if (gate != null) {
            gate.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void whatWasOfferedWhileTheBrokerWasDownArrivesAllOldestFirstOnce() throws Exception {
        givenAnAgentOnlineWithASpoolOf("within", 1 << 20);
        whenTheBrokerGoesDown();
        whenOffered(300, 5);
        whenTheBrokerComesBack();
        List<Long> received = thenReceived(300);
        assertThat(received).as("every entry, oldest first, none twice").containsExactlyElementsOf(offered.keySet());
        thenTheSpoolIsEmptyAndDroppedNothing();
    }

    @Test
    void beyondCapacityReceivedPlusDroppedIsExactlyWhatWasOfferedAndEveryAlertArrives() throws Exception {
        givenAnAgentOnlineWithASpoolOf("beyond", 50 * PAYLOAD_BYTES);
        whenTheBrokerGoesDown();
        whenOffered(500, 20);
        Spool.Counts counts = spool.counts();
        whenTheBrokerComesBack();
        List<Long> received = thenReceived(50);
        assertThat(counts.droppedAlerts()).as("alerts dropped while telemetry could make room").isZero();
        assertThat(received.size() + counts.droppedTelemetry() + counts.droppedAlerts()).as("received + dropped")
                .isEqualTo(500);
        List<Long> alerts = offered.entrySet().stream().filter(e -> e.getValue() == Spool.Kind.ALERT)
                .map(Map.Entry::getKey).toList();
        assertThat(received).as("all 25 alerts delivered").containsAll(alerts);
        assertThat(received).as("oldest first").isSorted();
        assertThat(offered.keySet().stream().skip(offered.size() - 25L).toList())
                .as("the newest telemetry is what was kept").isSubsetOf(received);
    }

    @Test
    void aGatewayRestartWhileEntriesAreQueuedLosesNothing() throws Exception {
        givenAnAgentOnlineWithASpoolOf("restart", 1 << 20);
        whenTheBrokerGoesDown();
        whenOffered(100, 4);
        whenTheGatewayRestarts(1 << 20);
        whenTheBrokerComesBack();
        assertThat(thenReceived(100)).containsExactlyElementsOf(offered.keySet());
        thenTheSpoolIsEmptyAndDroppedNothing();
    }

    private void givenAnAgentOnlineWithASpoolOf(String name, long capacity) throws Exception {
        broker = EmbeddedBroker.start("spool-" + name);
        gate = new LinkGate(broker.port());
        gate.open();
        home = Files.createDirectories(Path.of("target", "agents", "spool-" + name + "-" + System.nanoTime())
                .toAbsolutePath());
        spool = DiskSpool.open(home.resolve("data/remote/spool"), capacity);
        startAgent();
        subscriber = new TestController(broker.uri());
        subscriber.subscribe("modelgate/test/dev1/status");
        subscriber.awaitOn("modelgate/test/dev1/status", "online");
    }

    private void startAgent() throws Exception {
        AgentSettings settings = new AgentSettings(List.of(gate.uri()), "test", "dev1", List.of("lab"), null, null, null,
                Files.createDirectories(home.resolve("etc/trust")), 0, 30, 4096, 10, 2, home.resolve("data/remote"));
        DiskSpool current = spool;
        agent = new Agent(settings, Map::of, () -> current, () -> null, Map::of, Clock.systemUTC());
        agent.start();
    }

    private void whenTheBrokerGoesDown() throws Exception {
        subscriber.close();
        subscriber = null;
        gate.shut();
        broker.stop();
        awaitUntil(() -> !agent.status().connection().equals("CONNECTED"), "the agent to notice the broker is gone");
    }

    /** Offers entries of {@value #PAYLOAD_BYTES} bytes, one alert in {@code alertEvery}. */
    private void whenOffered(int count, int alertEvery) {
        for (int i = 0; i < count; i++) {
            Spool.Kind kind = i % alertEvery == 0 ? Spool.Kind.ALERT : Spool.Kind.TELEMETRY;
            String head = "{\"type\":\"" + (kind == Spool.Kind.ALERT ? "alert" : "telemetry") + "\",\"device\":\"dev1\","
                    + "\"n\":" + i + ",\"pad\":\"";
            String json = head + "x".repeat(PAYLOAD_BYTES - head.length() - 2) + "\"}";
            long seq = spool.offer(kind, json.getBytes(StandardCharsets.UTF_8));
            offered.put(seq, kind);
        }
    }

    private void whenTheGatewayRestarts(long capacity) throws Exception {
        agent.stop();
        agent = null;
        spool.close();
        spool = DiskSpool.open(home.resolve("data/remote/spool"), capacity);
        assertThat(spool.counts().entries()).as("entries waiting after the restart").isEqualTo(offered.size());
        startAgent();
    }

    private void whenTheBrokerComesBack() throws Exception {
        broker.startAgain();
        subscriber = new TestController(broker.uri());
        subscriber.subscribe(TELEMETRY);
        subscriber.subscribe(ALERTS);
        gate.open();
    }

    /** Waits for {@code count} distinct entries; returns their seqs in arrival order, checking kind and topic. */
    private List<Long> thenReceived(int count) throws Exception {
        List<Long> seqs = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (seqs.size() < count && System.nanoTime() < end) {
            for (TestController.Received message : subscriber.drainReceived()) {
                long seq = Long.parseLong(message.userProperty(SpoolDrain.SEQ));
                Spool.Kind kind = offered.get(seq);
                assertThat(kind).as("seq " + seq + " was offered").isNotNull();
                assertThat(message.topic()).isEqualTo(kind == Spool.Kind.ALERT ? ALERTS : TELEMETRY);
                assertThat(seqs).as("seq " + seq + " delivered once").doesNotContain(seq);
                seqs.add(seq);
            }
            Thread.sleep(50);
        }
        assertThat(seqs).as("entries received within 180 s").hasSize(count);
        awaitUntil(() -> spool.counts().entries() == 0, "the spool to empty");
        return seqs;
    }

    private void thenTheSpoolIsEmptyAndDroppedNothing() {
        assertThat(spool.counts()).isEqualTo(new Spool.Counts(0, 0, 0, 0, 0));
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("waited 120 s for " + what);
            }
            Thread.sleep(50);
        }
    }
}
