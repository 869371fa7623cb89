package org.modelgate.traffic.internal;

import java.time.Instant;
import java.util.List;

import org.modelgate.spi.InferenceRecord;
import org.modelgate.traffic.GuardReading;
import org.modelgate.traffic.TrafficPolicy;
import org.modelgate.traffic.TrafficStatus;

/**
 * One policy of one model, from its start to its end: the champion's and the challenger's tallies over the same
 * period (records older than the start are left out), the shadow agreement, and how it ended.
 */
final class PolicyRun {
    final String model;
    final String champion;
    final String challenger;
    final TrafficPolicy policy;
    final Instant started;
    final VersionTally championTally;
    final VersionTally challengerTally;
    final ShadowAgreement agreement;
    private volatile TrafficStatus.State state = TrafficStatus.State.RUNNING;
    private volatile Instant ended;
    private volatile String reason;
    private volatile List<GuardReading> finalReadings;

    PolicyRun(String model, String champion, String challenger, TrafficPolicy policy, Instant started, int samples) {
        this.model = model;
        this.champion = champion;
        this.challenger = challenger;
        this.policy = policy;
        this.started = started;
        this.championTally = new VersionTally(samples);
        this.challengerTally = new VersionTally(samples);
        this.agreement = new ShadowAgreement(samples);
    }

    void accept(InferenceRecord record) {
        if (record.startMillis() < started.toEpochMilli()) {
            return;
        }
        if (record.version().equals(challenger)) {
            challengerTally.add(record);
            if (ShadowAgreement.isShadow(record)) {
                agreement.shadow(record);
            }
        } else if (record.version().equals(champion)) {
            championTally.add(record);
            if (policy.mode() == TrafficPolicy.Mode.SHADOW) {
                agreement.champion(record);
            }
        }
    }

    TrafficStatus.State state() {
        return state;
    }

    String reason() {
        return reason;
    }

    void finish(TrafficStatus.State how, Instant when, String why, List<GuardReading> readings) {
        this.finalReadings = List.copyOf(readings);
        this.ended = when;
        this.reason = why;
        this.state = how;
    }

    /** @param readings the guards' readings now (used while it runs; the last ones once it ended) */
    TrafficStatus status(List<GuardReading> readings) {
        List<GuardReading> shown = state == TrafficStatus.State.RUNNING ? readings : finalReadings;
        return new TrafficStatus(model, champion, challenger, policy, state, started, ended, reason,
                challengerTally.answered(), shown);
    }
}
