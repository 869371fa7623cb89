package org.modelgate.remote.mqtt.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelState;
import org.modelgate.remote.mqtt.spool.DiskSpool;
import org.modelgate.remote.mqtt.spool.Spool;
import org.modelgate.remote.mqtt.telemetry.RequestCounts.Totals;
import org.modelgate.remote.mqtt.telemetry.RequestCounts.Version;
import org.modelgate.spi.InferenceRecord;
import org.modelgate.spi.InferenceRecord.Outcome;

/** The telemetry summary the reporter queues: the gateway, and per model version counts, in flight and windows. */
class TelemetrySummaryTest {
    private static final Instant NOW = Instant.parse("2026-12-07T05:30:00Z");

    @TempDir
    Path folder;
    private DiskSpool spool;
    private TelemetryReporter reporter;

    @AfterEach
    void close() {
        if (reporter != null) {
            reporter.deactivate();
        }
        if (spool != null) {
            spool.close();
        }
    }

    @Test
    void theReporterQueuesTelemetryWithTheRequestsAndErrorsItCounted() throws Exception {
        givenAReporter();
        givenRecords("iris", "1.0.0", Outcome.SUCCESS, 5);
        givenRecords("iris", "1.0.0", Outcome.FAILED, 2);
        givenRecords("iris", "1.0.0", Outcome.REJECTED, 1);
        givenRecords("iris", "1.1.0", Outcome.SUCCESS, 3);
        long seq = reporter.offerSummary();
        Spool.Entry entry = spool.peek().orElseThrow();
        assertEquals(seq, entry.seq());
        assertEquals(Spool.Kind.TELEMETRY, entry.kind());
        Map<String, Object> json = TelemetryFixture.json(entry.payload());
        assertEquals("telemetry", json.get("type"));
        assertEquals("edge-7", json.get("device"));
        assertEquals(NOW.toString(), json.get("time"));
        Map<?, ?> gateway = (Map<?, ?>) json.get("gateway");
        assertTrue(((Number) gateway.get("heapUsedBytes")).longValue() > 0, "heap " + gateway);
        assertEquals(0L, ((Number) gateway.get("modelsLoaded")).longValue(), "no registry: nothing loaded");
        List<?> models = (List<?>) json.get("models");
        assertEquals(2, models.size(), "one row per version that served: " + models);
        Map<?, ?> first = (Map<?, ?>) models.get(0);
        assertEquals("1.0.0", first.get("version"));
        assertEquals(8L, ((Number) first.get("requests")).longValue());
        assertEquals(2L, ((Number) first.get("errors")).longValue());
        assertEquals(1L, ((Number) first.get("rejected")).longValue());
        assertNull(first.get("p95Ms"), "no health monitor: no latency window");
        assertEquals(3L, ((Number) ((Map<?, ?>) models.get(1)).get("requests")).longValue());
    }

    @Test
    void theActiveVersionCarriesItsStateInFlightAndTheHealthWindow() throws Exception {
        ModelInfo iris = new ModelInfo("iris", "1.1.0", List.of("1.0.0", "1.1.0"), "onnx", "onnxruntime",
                ModelState.READY, null, List.of(), List.of(), List.of());
        ModelInfo broken = new ModelInfo("broken", "2.0.0", List.of("2.0.0"), "onnx", null, ModelState.FAILED,
                "bad file", List.of(), List.of(), List.of());
        TelemetrySummary summary = new TelemetrySummary("edge-7", NOW, 3_600_500, 1, 2, List.of(iris, broken),
                name -> name.equals("iris") ? 3 : 0,
                Map.of(new Version("iris", "1.0.0"), new Totals(10, 1, 0), new Version("iris", "1.1.0"), new Totals(4, 0, 0)),
                Map.of(new Version("iris", "1.1.0"), new ModelWindows.Window(0.5, 1.25, 0.25, 0.9, 40)));
        Map<String, Object> json = TelemetryFixture.json(summary.toJson());
        Map<?, ?> gateway = (Map<?, ?>) json.get("gateway");
        assertEquals(3600L, ((Number) gateway.get("uptimeSeconds")).longValue());
        assertEquals(1L, ((Number) gateway.get("modelsLoaded")).longValue(), "only the READY model is loaded");
        List<?> models = (List<?>) json.get("models");
        assertEquals(List.of("broken 2.0.0", "iris 1.0.0", "iris 1.1.0"), models.stream()
                .map(m -> ((Map<?, ?>) m).get("model") + " " + ((Map<?, ?>) m).get("version")).toList());
        Map<?, ?> active = (Map<?, ?>) models.get(2);
        assertEquals(true, active.get("active"));
        assertEquals("READY", active.get("state"));
        assertEquals(3L, ((Number) active.get("inFlight")).longValue());
        assertEquals(1.25, ((Number) active.get("p95Ms")).doubleValue());
        assertEquals(0.5, ((Number) active.get("p50Ms")).doubleValue());
        assertEquals(0.25, ((Number) active.get("driftShare")).doubleValue());
        assertEquals(0.9, ((Number) active.get("accuracy")).doubleValue());
        assertEquals(40L, ((Number) active.get("labelled")).longValue(), "the accuracy's sample size");
        Map<?, ?> previous = (Map<?, ?>) models.get(1);
        assertEquals(false, previous.get("active"), "the version that no longer serves still reports its totals");
        assertEquals(10L, ((Number) previous.get("requests")).longValue());
        assertEquals("FAILED", ((Map<?, ?>) models.get(0)).get("state"));
    }

    private void givenAReporter() throws Exception {
        spool = DiskSpool.open(folder, 1 << 20);
        reporter = new TelemetryReporter(spool, TelemetryFixture.config(0, "edge-7"), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void givenRecords(String model, String version, Outcome outcome, int n) {
        for (int i = 0; i < n; i++) {
            reporter.accept(new InferenceRecord(model, version, "onnxruntime", "cpu", null, 0, 1_000_000,
                    outcome == Outcome.REJECTED ? 0 : 1_000_000, outcome, List.of(), null, 0));
        }
    }
}
