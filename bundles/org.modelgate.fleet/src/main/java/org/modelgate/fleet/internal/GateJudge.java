package org.modelgate.fleet.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.modelgate.fleet.DeviceOutcome.Outcome;
import org.modelgate.fleet.GateMetric;
import org.modelgate.fleet.QualityGate;
import org.modelgate.fleet.StageStatus.GateReading;

/**
 * Judges a stage's quality gates over the devices updated so far: from each device's newest telemetry row of the new
 * version, the requests served (the samples), the error rate (errors / requests), and p95 and drift as means weighted
 * by requests. Accuracy's samples are the labelled requests (the feedback with a true label it was computed over), and
 * its mean is weighted by them: a gateway whose traffic is mostly unlabelled does not pass an accuracy gate on a few
 * labels. Rows of agents that do not report the labelled count fall back to requests.
 */
final class GateJudge {
    /** The gates' verdict: readings, and whether the stage passed, failed (with why) or waits. */
    record Verdict(List<GateReading> readings, boolean passed, String failure) {
    }

    private final DeviceRegistry registry;

    GateJudge(DeviceRegistry registry) {
        this.registry = registry;
    }

    Verdict judge(RolloutRecord r, RolloutRecord.Stage stage, Instant now) {
        List<GateReading> readings = new ArrayList<>();
        boolean allPassed = true;
        String failure = null;
        Duration since = Duration.between(stage.gateStart, now);
        for (QualityGate gate : r.plan.gates()) {
            long samples = 0;
            long errors = 0;
            double weighted = 0;
            long weight = 0;
            for (int i = 0; i <= r.currentStage; i++) {
                for (RolloutRecord.Slot slot : r.stages.get(i).slots) {
                    if (slot.outcome != Outcome.UPDATED) {
                        continue;
                    }
                    var reading = registry.reading(slot.device, r.model, r.version).orElse(null);
                    if (reading == null) {
                        continue;
                    }
                    long n = reading.samples(gate.metric());
                    samples += n;
                    errors += reading.errors();
                    double value = value(gate.metric(), reading);
                    if (Double.isFinite(value) && n > 0) {
                        weighted += value * n;
                        weight += n;
                    }
                }
            }
            double value = gate.metric() == GateMetric.ERROR_RATE ? (samples == 0 ? Double.NaN : errors / (double) samples)
                    : weight == 0 ? Double.NaN : weighted / weight;
            String verdict;
            if (samples >= gate.minSamples() && Double.isFinite(value) && gate.metric().breached(value, gate.threshold())) {
                verdict = "breached";
                failure = "gate " + gate.metric().key() + " breached: " + format(value) + " against threshold "
                        + format(gate.threshold()) + " over " + samples + (gate.metric() == GateMetric.ACCURACY
                                ? " labelled requests" : " requests");
            } else if (samples < gate.minSamples() || (!Double.isFinite(value) && gate.minSamples() > 0)) {
                if (since.compareTo(gate.timeout()) >= 0) {
                    verdict = "timed out";
                    if (failure == null) {
                        failure = "gate " + gate.metric().key() + " timed out: " + samples + " of " + gate.minSamples()
                                + " samples after " + gate.timeout();
                    }
                } else {
                    verdict = "waiting";
                }
            } else if (since.compareTo(gate.soak()) < 0) {
                verdict = "soaking";
            } else {
                verdict = "passed";
            }
            allPassed &= verdict.equals("passed");
            readings.add(new GateReading(gate.metric(), value, samples, gate.threshold(), verdict));
        }
        return new Verdict(readings, failure == null && allPassed, failure);
    }

    private static double value(GateMetric metric, DeviceRegistry.Reading reading) {
        return switch (metric) {
            case ERROR_RATE -> reading.requests() == 0 ? Double.NaN : reading.errors() / (double) reading.requests();
            case P95_MS -> reading.p95Ms();
            case DRIFT -> reading.drift();
            case ACCURACY -> reading.accuracy();
        };
    }

    private static String format(double value) {
        return String.format(java.util.Locale.ROOT, "%.4g", value);
    }
}
