package org.modelgate.fleet.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.modelgate.fleet.Device;
import org.modelgate.fleet.DeviceOutcome;
import org.modelgate.fleet.DeviceOutcome.Outcome;
import org.modelgate.fleet.Rollout;
import org.modelgate.fleet.StageStatus;

/** What the console prints: device and rollout tables, a rollout's progress bar and stages. */
final class RolloutView {
    private static final int BAR = 30;

    private RolloutView() {
    }

    static String devices(List<Device> devices, Instant now) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-20s %-7s %-12s %-8s %-16s %-28s %s%n",
                "DEVICE", "STATUS", "TYPE", "CPU", "GATEWAY", "MODELS", "LAST SEEN"));
        for (Device d : devices) {
            String models = String.join(" ", d.models().stream().map(m -> m.name() + "@" + m.active()).toList());
            out.append(String.format(Locale.ROOT, "%-20s %-7s %-12s %-8s %-16s %-28s %ss ago%n", d.id(),
                    d.online() ? "online" : "offline", dash(d.deviceType()), dash(d.cpu()), dash(d.gatewayVersion()),
                    dash(models), Math.max(0, Duration.between(d.lastSeen(), now).toSeconds())));
        }
        out.append(devices.size()).append(devices.size() == 1 ? " device" : " devices").append(System.lineSeparator());
        return out.toString();
    }

    static String rollouts(List<Rollout> rollouts) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-26s %-18s %-17s %-6s %-8s %s%n",
                "ROLLOUT", "MODEL", "STATE", "STAGE", "DEVICES", "PROGRESS"));
        for (Rollout r : rollouts) {
            out.append(String.format(Locale.ROOT, "%-26s %-18s %-17s %-6s %-8d %s%n", r.id(), r.model() + " " + r.version(),
                    r.state(), (r.currentStage() + 1) + "/" + r.stages().size(), r.targetDevices(), bar(r.progress())));
        }
        return out.toString();
    }

    static String bar(double progress) {
        int filled = (int) Math.round(Math.max(0, Math.min(1, progress)) * BAR);
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + Math.round(progress * 100) + " %";
    }

    static String status(Rollout r) {
        String nl = System.lineSeparator();
        StringBuilder out = new StringBuilder();
        out.append("rollout    ").append(r.id()).append("  ").append(r.model()).append(' ').append(r.version())
                .append(r.plan().production() ? "  (production)" : "").append(nl);
        out.append("state      ").append(r.state()).append(r.reason().isEmpty() ? "" : ": " + r.reason()).append(nl);
        out.append("keys       created by ").append(r.creatorKeyId())
                .append(r.approverKeyId().isEmpty() ? "" : ", approved by " + r.approverKeyId()).append(nl);
        out.append("target     ").append(r.plan().target()).append(", stages ").append(r.plan().stages()).append(", abort above ")
                .append(r.plan().abort().failurePercent()).append(" % after ").append(r.plan().abort().minDevices())
                .append(" devices, ").append(r.plan().abort().perDeviceTimeout()).append(" per device").append(nl);
        out.append("progress   ").append(bar(r.progress())).append("  ").append(r.count(Outcome.UPDATED)).append(" updated, ")
                .append(r.count(Outcome.FAILED) + r.count(Outcome.TIMED_OUT)).append(" failed, ")
                .append(r.count(Outcome.ROLLED_BACK)).append(" rolled back, ").append(r.skipped().size()).append(" skipped")
                .append(nl);
        out.append(String.format(Locale.ROOT, "%-6s %-10s %-8s %-8s %-7s %-7s %s%n", "STAGE", "STATE", "DEVICES", "UPDATED",
                "FAILED", "ROLLED", "GATES"));
        for (StageStatus s : r.stages()) {
            String gates = String.join(", ", s.readings().stream().map(g -> g.metric().key() + " "
                    + (Double.isFinite(g.value()) ? String.format(Locale.ROOT, "%.4g", g.value()) : "-") + " (" + g.samples()
                    + " samples) " + g.verdict()).toList());
            out.append(String.format(Locale.ROOT, "%-6d %-10s %-8d %-8d %-7d %-7d %s%n", s.index() + 1, s.state(),
                    s.devices().size(), s.count(Outcome.UPDATED), s.count(Outcome.FAILED) + s.count(Outcome.TIMED_OUT),
                    s.count(Outcome.ROLLED_BACK), gates.isEmpty() ? "-" : gates));
        }
        List<DeviceOutcome> notable = r.stages().stream().flatMap(s -> s.devices().stream())
                .filter(d -> !d.reason().isEmpty() && d.outcome() != Outcome.UPDATED).toList();
        for (DeviceOutcome d : notable) {
            out.append("  ").append(d.device()).append(": ").append(d.outcome()).append(", ").append(d.reason()).append(nl);
        }
        for (DeviceOutcome d : r.skipped()) {
            out.append("  ").append(d.device()).append(": SKIPPED, ").append(d.reason()).append(nl);
        }
        return out.toString();
    }

    private static String dash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }
}
