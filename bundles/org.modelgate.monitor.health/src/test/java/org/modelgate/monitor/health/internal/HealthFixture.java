package org.modelgate.monitor.health.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.modelgate.api.ProfileReport;
import org.modelgate.api.Tensor;
import org.modelgate.audit.AuditEntry;
import org.modelgate.audit.AuditLog;
import org.modelgate.audit.AuditVerification;
import org.modelgate.spi.InferenceRecord;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * A health tracker as the component wires it (its AlertChannels post on an Event Admin and write an audit log
 * that record what they get), over model.json documents and profiles the test gives, on a clock the test moves.
 */
final class HealthFixture {
    final Map<String, Map<String, Object>> modelJsons = new HashMap<>();
    final Map<String, ProfileReport> profiles = new HashMap<>();
    final List<Event> events = new ArrayList<>();
    final List<String> audited = new ArrayList<>();
    final ManualClock clock = new ManualClock();
    final HealthTracker tracker;
    private final AtomicLong ids = new AtomicLong();

    HealthFixture(HealthSettings settings) {
        ModelFacts facts = new ModelFacts() {
            @Override
            public Optional<Map<String, Object>> modelJson(String model, String version) {
                return Optional.ofNullable(modelJsons.get(model + " " + version));
            }

            @Override
            public Optional<ProfileReport> lastProfile(String model) {
                return Optional.ofNullable(profiles.get(model));
            }
        };
        tracker = new HealthTracker(settings, facts, () -> 7, new AlertChannels(() -> new RecordingEventAdmin(),
                () -> new RecordingAuditLog()), clock);
    }

    void givenModelJson(String model, String version, Map<String, Object> json) {
        modelJsons.put(model + " " + version, json);
    }

    /** A classifier's successful inference of one row: the output is one-hot at the predicted class. */
    String classified(String model, String version, double[] row, int predicted, int classes, double latencyMillis) {
        return classified("req-" + ids.incrementAndGet(), model, version, row, predicted, classes, latencyMillis);
    }

    /** The same with the request id given (a shadow copy's is {@code <id>#shadow}). */
    String classified(String id, String model, String version, double[] row, int predicted, int classes, double latencyMillis) {
        float[] values = new float[row.length];
        for (int i = 0; i < row.length; i++) {
            values[i] = (float) row[i];
        }
        float[] output = new float[classes];
        output[predicted] = 1;
        tracker.accept(new InferenceRecord(model, version, "onnxruntime", "cpu", id, clock.millis(),
                (long) (latencyMillis * 1e6), (long) (latencyMillis * 1e6), InferenceRecord.Outcome.SUCCESS,
                List.of(Tensor.ofFloats("input", new long[] {1, row.length}, values)),
                List.of(Tensor.ofFloats("output", new long[] {1, classes}, output)), classes));
        return id;
    }

    /** A regression's successful inference. */
    String regressed(String model, String version, float[] row, float prediction) {
        String id = "req-" + ids.incrementAndGet();
        tracker.accept(new InferenceRecord(model, version, "onnxruntime", "cpu", id, clock.millis(), 1_000_000, 1_000_000,
                InferenceRecord.Outcome.SUCCESS, List.of(Tensor.ofFloats("input", new long[] {1, row.length}, row)),
                List.of(Tensor.ofFloats("output", new long[] {1, 1}, prediction)), 0));
        return id;
    }

    /** Event Admin recording the posted events (the API's topics and properties are what is checked). */
    private final class RecordingEventAdmin implements EventAdmin {
        @Override
        public void postEvent(Event event) {
            synchronized (events) {
                events.add(event);
            }
        }

        @Override
        public void sendEvent(Event event) {
            postEvent(event);
        }
    }

    /** Audit log recording "actor action subject" lines. */
    private final class RecordingAuditLog implements AuditLog {
        @Override
        public AuditEntry record(String actor, String action, String subject, Map<String, String> details) {
            synchronized (audited) {
                audited.add(actor + " " + action + " " + subject + " " + details.get("kind") + " " + details.get("subject"));
            }
            return null;
        }

        @Override
        public List<AuditEntry> tail(int n) {
            return List.of();
        }

        @Override
        public AuditVerification verify() {
            throw new UnsupportedOperationException("not recorded");
        }
    }

    /** A clock the test moves. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-12-07T03:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
