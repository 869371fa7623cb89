package org.modelgate.fleet.internal.federated;

import java.util.List;
import java.util.Locale;

/** What {@code mg:federated} prints. */
final class TrainingView {
    private TrainingView() {
    }

    static String list(List<Training> trainings) {
        if (trainings.isEmpty()) {
            return "no federated training (mg:federated start TASK layers=...)\n";
        }
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-26s %-12s %-10s %7s %9s %9s%n", "TRAINING",
                "TASK", "STATE", "ROUNDS", "ACCURACY", "EPSILON"));
        for (Training t : trainings) {
            RoundResult last = lastEnded(t);
            s.append(String.format(Locale.ROOT, "%-26s %-12s %-10s %3d/%-3d %9s %9s%n", t.id(), t.plan().task(), t.state(),
                    t.roundsEnded(), t.plan().rounds(), last == null ? "-" : num(accuracy(last)),
                    last == null ? "-" : num(last.epsilon())));
        }
        return s.toString();
    }

    static String status(Training t) {
        FederatedPlan p = t.plan();
        RoundResult last = lastEnded(t);
        StringBuilder s = new StringBuilder();
        s.append("training   ").append(t.id()).append("  task ").append(p.task()).append('\n');
        s.append("state      ").append(t.state()).append(t.reason().isEmpty() ? "" : ": " + t.reason()).append('\n');
        s.append("rounds     ").append(t.roundsEnded()).append(" of ").append(p.rounds()).append(" ended, ")
                .append(t.roundsAggregated()).append(" aggregated; ").append(p.rule()).append(p.proximalMu() > 0
                        ? ", FedProx mu " + p.proximalMu() : "").append('\n');
        s.append("selection  fraction ").append(p.fraction()).append(", minAvailable ").append(p.minAvailable())
                .append(", minFit ").append(p.minFit()).append(", timeout ").append(p.roundTimeout().toSeconds())
                .append(" s, target ").append(p.target()).append('\n');
        s.append("accuracy   ").append(last == null ? "-" : num(last.accuracy()) + " held out, " + num(last.deviceAccuracy())
                + " on the devices (round " + last.round() + ")").append('\n');
        s.append("privacy    ").append(p.privacy() ? "clip " + p.clipNorm() + ", noise " + p.noiseMultiplier() + ", epsilon "
                + (last == null ? "-" : num(last.epsilon())) + " at delta " + p.delta() : "off").append('\n');
        s.append("secure     ").append(p.secure() ? "on: only the sum of the updates, clipped to L2 " + p.secureClip()
                + " on the gateways; unweighted mean" : "off").append('\n');
        return s.toString();
    }

    static String rounds(Training t) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-6s %-12s %8s %8s %9s %9s  %s%n", "ROUND",
                "OUTCOME", "SELECTED", "ACCEPTED", "ACCURACY", "EPSILON", "DEVICES"));
        for (RoundResult r : t.rounds()) {
            StringBuilder devices = new StringBuilder();
            for (RoundResult.DeviceResult d : r.devices()) {
                devices.append(d.device()).append(d.accepted() ? " (" + d.samples() + ")" : ": " + d.reason()).append("; ");
            }
            s.append(String.format(Locale.ROOT, "%-6d %-12s %8d %8d %9s %9s  %s%n", r.round(),
                    r.outcome().length() > 12 ? r.outcome().substring(0, 12) : r.outcome(), r.selected().size(),
                    r.accepted(), num(accuracy(r)), num(r.epsilon()), devices));
        }
        return s.toString();
    }

    private static RoundResult lastEnded(Training t) {
        List<RoundResult> rounds = t.rounds();
        for (int i = rounds.size() - 1; i >= 0; i--) {
            if (rounds.get(i).ended != null) {
                return rounds.get(i);
            }
        }
        return null;
    }

    private static double accuracy(RoundResult r) {
        return Double.isFinite(r.accuracy()) ? r.accuracy() : r.deviceAccuracy();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "-";
    }
}
