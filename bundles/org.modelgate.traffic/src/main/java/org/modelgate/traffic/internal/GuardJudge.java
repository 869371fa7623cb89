package org.modelgate.traffic.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.modelgate.traffic.Guard;
import org.modelgate.traffic.GuardReading;
import org.modelgate.traffic.GuardReading.Verdict;

/**
 * Reads each guard of a policy: its samples, its value and its verdict, with a note where a source is missing.
 * A guard waits until it has {@code minSamples} observations and a value; then it passes within its limit (a maximum
 * for error rate, p95 ratio and drift, a minimum for accuracy gap and agreement) and fails beyond it.
 */
final class GuardJudge {
    /** A reading and, where its source could not give a value, why. */
    record Judged(GuardReading reading, String note) {
        /** The reading in words: the evidence for history, audit and alerts. */
        String text() {
            Guard g = reading.guard();
            String value = Double.isNaN(reading.value()) ? "none" : String.format(Locale.ROOT, "%.4f", reading.value());
            return g.metric().jsonName() + " " + value + " (" + (g.metric().isMaximum() ? "at most " : "at least ")
                    + number(g.limit()) + ", " + reading.samples() + "/" + g.minSamples() + " samples): "
                    + reading.verdict() + (note == null ? "" : " [" + note + "]");
        }
    }

    private GuardJudge() {
    }

    static List<Judged> judge(PolicyRun run, ChallengerHealth health) {
        List<Judged> judged = new ArrayList<>();
        for (Guard guard : run.policy.guards()) {
            judged.add(read(guard, run, health));
        }
        return judged;
    }

    static Judged read(Guard guard, PolicyRun run, ChallengerHealth health) {
        long samples;
        double value;
        String note = null;
        switch (guard.metric()) {
            case ERROR_RATE -> {
                samples = run.challengerTally.answered();
                value = run.challengerTally.errorRate();
            }
            case P95_LATENCY -> {
                // both sides need the samples: a p95 of a handful of champion requests says nothing
                samples = Math.min(run.challengerTally.latencyCount(), run.championTally.latencyCount());
                double champion = run.championTally.p95Nanos();
                value = champion > 0 ? run.challengerTally.p95Nanos() / champion : Double.NaN;
                if (Double.isNaN(champion)) {
                    note = "no champion latency over the same period yet";
                }
            }
            case AGREEMENT -> {
                samples = run.agreement.pairs();
                value = run.agreement.share();
            }
            case DRIFT -> {
                ChallengerHealth.Sample sample = health.drift(run.model, run.challenger);
                samples = sample.samples();
                value = sample.value();
                note = sample.note();
            }
            case ACCURACY -> {
                ChallengerHealth.Sample sample = health.accuracyGap(run.model, run.challenger, run.champion);
                samples = sample.samples();
                value = sample.value();
                note = sample.note();
            }
            default -> throw new IllegalStateException("unknown metric " + guard.metric());
        }
        return new Judged(new GuardReading(guard, samples, value, verdict(guard, samples, value)), note);
    }

    static Verdict verdict(Guard guard, long samples, double value) {
        if (samples < guard.minSamples() || Double.isNaN(value)) {
            return Verdict.WAITING;
        }
        boolean within = guard.metric().isMaximum() ? value <= guard.limit() : value >= guard.limit();
        return within ? Verdict.PASS : Verdict.FAIL;
    }

    static List<GuardReading> readings(List<Judged> judged) {
        return judged.stream().map(Judged::reading).toList();
    }

    /** Every reading in words, joined: the evidence text. */
    static String evidence(List<Judged> judged) {
        if (judged.isEmpty()) {
            return "no guards";
        }
        StringBuilder text = new StringBuilder();
        for (Judged j : judged) {
            if (text.length() > 0) {
                text.append("; ");
            }
            text.append(j.text());
        }
        return text.toString();
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
