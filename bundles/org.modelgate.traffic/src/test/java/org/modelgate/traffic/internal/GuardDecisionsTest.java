package org.modelgate.traffic.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.modelgate.api.Tensor;
import org.modelgate.audit.AuditEntry;
import org.modelgate.audit.AuditLog;
import org.modelgate.audit.AuditVerification;
import org.modelgate.spi.InferenceRecord;
import org.modelgate.traffic.Guard;
import org.modelgate.traffic.GuardReading;
import org.modelgate.traffic.TrafficPolicy;
import org.modelgate.traffic.TrafficStatus;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * The guards decide: a worse challenger (failing more, slower, disagreeing) is rolled back with its evidence, a better
 * one promoted, one without enough evidence rolled back at the time limit; each end is audited and posted.
 */
class GuardDecisionsTest {
    private final RecordingRegistry registry = new RecordingRegistry();
    private final List<Event> events = new ArrayList<>();
    private final List<String> audited = new ArrayList<>();
    private final ManualClock clock = new ManualClock();
    private final TrafficDirector director = new TrafficDirector(registry, () -> ChallengerHealth.ABSENT,
            new TrafficNotices(RecordingAudit::new, () -> new RecordingEvents()), clock, 4096);
    private final AtomicLong ids = new AtomicLong();

    @Test
    void aChallengerFailingMoreThanItsGuardAllowsIsRolledBackWithTheEvidence() {
        givenPolicy(split(new Guard(Guard.Metric.ERROR_RATE, 0.05, 50)));

        whenServed("1.0.0", 100, 0, 1.0, 0);
        whenServed("1.1.0", 80, 20, 1.0, 0);
        director.evaluateAll();

        thenRolledBack("guard error_rate failed", "error_rate 0.2000 (at most 0.05, 100/50 samples): FAIL");
        assertThat(events).extracting(Event::getTopic).containsExactly(TrafficNotices.TOPIC_ROLLED_BACK,
                TrafficNotices.TOPIC_ALERT);
        Event alert = events.get(1);
        assertThat(alert.getProperty("version")).isEqualTo("1.1.0");
        assertThat(alert.getProperty("kind")).isEqualTo("traffic");
        assertThat(alert.getProperty("statistic")).isEqualTo("error_rate");
        assertThat((Double) alert.getProperty("value")).isEqualTo(0.2);
        assertThat((String) alert.getProperty("evidence")).contains("1.0.0 serves").contains("error_rate 0.2000");
        assertThat(audited).containsExactly("traffic.started iris 1.1.0", "traffic.rolled_back iris 1.1.0");
    }

    @Test
    void aSlowerChallengerIsRolledBackOnItsP95AgainstTheChampionsOverTheSamePeriod() {
        givenPolicy(split(new Guard(Guard.Metric.P95_LATENCY, 1.2, 50)));

        whenServed("1.0.0", 200, 0, 1.0, 0);
        whenServed("1.1.0", 100, 0, 5.0, 0);
        director.evaluateAll();

        thenRolledBack("guard p95_latency failed", "p95_latency 5.0000");
    }

    @Test
    void aShadowThatDisagreesWithTheChampionIsRolledBackAndTheCallersAnswersAreTheChampions() {
        givenPolicy(new TrafficPolicy("1.1.0", TrafficPolicy.Mode.SHADOW, 100, false,
                List.of(new Guard(Guard.Metric.AGREEMENT, 0.95, 50)), Duration.ofMinutes(30)));

        for (int i = 0; i < 100; i++) {
            String id = classified("1.0.0", "r" + i, 0);
            classified("1.1.0", id + "#shadow", i % 10 < 3 ? 1 : 0); // 30 % another class
        }
        director.evaluateAll();

        thenRolledBack("guard agreement failed", "agreement 0.7000 (at least 0.95, 100/50 samples): FAIL");
        assertThat(director.status("iris").orElseThrow().challengerRequests()).isEqualTo(100);
    }

    @Test
    void aChallengerPassingEveryGuardIsPromoted() {
        givenPolicy(split(new Guard(Guard.Metric.ERROR_RATE, 0.05, 50), new Guard(Guard.Metric.P95_LATENCY, 1.5, 50)));

        whenServed("1.0.0", 100, 0, 2.0, 0);
        whenServed("1.1.0", 60, 1, 1.0, 0);
        director.evaluateAll();

        assertThat(registry.ends).hasSize(1);
        assertThat(registry.ends.get(0).promoted()).isTrue();
        assertThat(registry.ends.get(0).evidence()).startsWith("every guard passed")
                .contains("error_rate 0.0164 (at most 0.05, 61/50 samples): PASS")
                .contains("p95_latency 0.5000 (at most 1.5, 60/50 samples): PASS");
        TrafficStatus status = director.status("iris").orElseThrow();
        assertThat(status.state()).isEqualTo(TrafficStatus.State.PROMOTED);
        assertThat(status.readings()).extracting(GuardReading::verdict).containsOnly(GuardReading.Verdict.PASS);
        assertThat(events).extracting(Event::getTopic).containsExactly(TrafficNotices.TOPIC_PROMOTED);
        assertThat(registry.champion).isEqualTo("1.1.0");
    }

    @Test
    void guardsWaitForTheirSamplesAndTheTimeLimitRollsBackForWantOfEvidence() {
        givenPolicy(split(new Guard(Guard.Metric.ERROR_RATE, 0.05, 500), new Guard(Guard.Metric.DRIFT, 0.3, 100)));
        whenServed("1.1.0", 100, 0, 1.0, 0);

        director.evaluateAll();
        assertThat(registry.ends).as("nothing decided before the samples and the time limit").isEmpty();
        TrafficStatus running = director.status("iris").orElseThrow();
        assertThat(running.readings()).extracting(GuardReading::verdict).containsOnly(GuardReading.Verdict.WAITING);

        clock.advance(Duration.ofMinutes(31));
        director.evaluateAll();

        thenRolledBack("time limit of 1800 s reached with not enough evidence",
                "drift none (at most 0.3, 0/100 samples): WAITING [no health monitor is present");
    }

    @Test
    void withoutGuardsTheChallengerIsPromotedAtTheTimeLimit() {
        givenPolicy(split());
        director.evaluateAll();
        assertThat(registry.ends).isEmpty();

        clock.advance(Duration.ofMinutes(30));
        director.evaluateAll();

        assertThat(registry.ends).singleElement().satisfies(e -> assertThat(e.promoted()).isTrue());
        assertThat(registry.ends.get(0).evidence()).contains("time limit of 1800 s reached and every guard passed");
    }

    @Test
    void anOperatorEndsAPolicyWithTheReadingsAsEvidenceAndOnlyOnce() {
        givenPolicy(split(new Guard(Guard.Metric.ERROR_RATE, 0.05, 500)));
        whenServed("1.1.0", 10, 0, 1.0, 0);

        TrafficStatus status = director.rollback("iris", "customer complaint");

        assertThat(status.state()).isEqualTo(TrafficStatus.State.ROLLED_BACK);
        assertThat(registry.ends.get(0).evidence()).startsWith("by the operator: customer complaint; evidence: error_rate 0.0000");
        assertThatThrownBy(() -> director.promote("iris", null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no traffic policy runs for model 'iris'");
    }

    @Test
    void aChallengerThatLeftWithTheModelEndsThePolicyAsRolledBack() {
        givenPolicy(split(new Guard(Guard.Metric.ERROR_RATE, 0.05, 500)));
        registry.challenger = null; // the model was unloaded: the registry dropped its challenger

        director.evaluateAll();

        TrafficStatus status = director.status("iris").orElseThrow();
        assertThat(status.state()).isEqualTo(TrafficStatus.State.ROLLED_BACK);
        assertThat(status.reason()).contains("the challenger left the gateway's traffic");
        assertThat(registry.ends).isEmpty();
    }

    @Test
    void agreementNeedsShadowModeAndOnePolicyRunsPerModel() {
        assertThatThrownBy(() -> director.start("iris", split(new Guard(Guard.Metric.AGREEMENT, 0.9, 10))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"mode\": \"shadow\"");
        givenPolicy(split());
        assertThatThrownBy(() -> director.start("iris", split())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a traffic policy runs for model 'iris' already (challenger 1.1.0)");
    }

    // ---- given / when / then ----

    private void givenPolicy(TrafficPolicy policy) {
        TrafficStatus status = director.start("iris", policy);
        assertThat(status.state()).isEqualTo(TrafficStatus.State.RUNNING);
        assertThat(status.champion()).isEqualTo("1.0.0");
    }

    private static TrafficPolicy split(Guard... guards) {
        return new TrafficPolicy("1.1.0", TrafficPolicy.Mode.SPLIT, 50, false, List.of(guards), Duration.ofMinutes(30));
    }

    /** {@code ok} successful and {@code failed} failed requests of a version, each taking {@code millis}. */
    private void whenServed(String version, int ok, int failed, double millis, int rejected) {
        for (int i = 0; i < ok + failed + rejected; i++) {
            InferenceRecord.Outcome outcome = i < ok ? InferenceRecord.Outcome.SUCCESS
                    : i < ok + failed ? InferenceRecord.Outcome.FAILED : InferenceRecord.Outcome.REJECTED;
            director.accept(new InferenceRecord("iris", version, "onnxruntime", null, "req-" + ids.incrementAndGet(),
                    clock.millis(), (long) (millis * 1e6), (long) (millis * 1e6), outcome,
                    List.of(Tensor.ofFloats("x", new long[] { 1, 2 }, 1f, 2f)),
                    outcome == InferenceRecord.Outcome.SUCCESS ? List.of(Tensor.ofFloats("y", new long[] { 1, 1 }, 3f)) : null,
                    0));
        }
    }

    private String classified(String version, String id, int predicted) {
        float[] output = new float[3];
        output[predicted] = 1;
        director.accept(new InferenceRecord("iris", version, "onnxruntime", null, id, clock.millis(), 1_000_000, 1_000_000,
                InferenceRecord.Outcome.SUCCESS, List.of(Tensor.ofFloats("x", new long[] { 1, 2 }, 1f, 2f)),
                List.of(Tensor.ofFloats("probabilities", new long[] { 1, 3 }, output)), 3));
        return id;
    }

    private void thenRolledBack(String reason, String evidence) {
        assertThat(registry.ends).hasSize(1);
        RecordingRegistry.End end = registry.ends.get(0);
        assertThat(end.promoted()).isFalse();
        assertThat(end.evidence()).startsWith(reason).contains(evidence);
        TrafficStatus status = director.status("iris").orElseThrow();
        assertThat(status.state()).isEqualTo(TrafficStatus.State.ROLLED_BACK);
        assertThat(status.reason()).isEqualTo(end.evidence());
        assertThat(status.ended()).isNotNull();
        assertThat(registry.champion).isEqualTo("1.0.0");
    }

    private final class RecordingEvents implements EventAdmin {
        @Override
        public void postEvent(Event event) {
            events.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            events.add(event);
        }
    }

    private final class RecordingAudit implements AuditLog {
        @Override
        public AuditEntry record(String actor, String action, String subject, Map<String, String> details) {
            audited.add(action + " " + subject);
            return null;
        }

        @Override
        public List<AuditEntry> tail(int n) {
            return List.of();
        }

        @Override
        public AuditVerification verify() {
            return null;
        }
    }

    /** A clock the test moves. */
    static final class ManualClock extends Clock {
        private Instant now;

        ManualClock() {
            this(Instant.parse("2026-12-07T06:00:00Z"));
        }

        ManualClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
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
