package org.modelgate.monitor.health.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import org.modelgate.gogo.GogoCommand;
import org.modelgate.monitor.drift.DriftReport;
import org.modelgate.monitor.drift.FeatureDrift;
import org.modelgate.monitor.health.Alert;
import org.modelgate.monitor.health.Feedback;
import org.modelgate.monitor.health.FeedbackRefusedException;
import org.modelgate.monitor.health.FeedbackResult;
import org.modelgate.monitor.health.HealthReport;
import org.modelgate.monitor.health.ModelHealth;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The console's view of model health: {@code mg:health} (one line per model), {@code mg:drift <model> [version]}
 * (per feature), {@code mg:alerts} (raised, then recent transitions) and {@code mg:feedback <model> <id> <label|value>}.
 * Failures are one line on {@code System.err}.
 */
@Component(service = Object.class)
@GogoCommand(scope = "mg", function = { "health", "drift", "alerts", "feedback" })
public class HealthCommands {
    /** Transitions {@code mg:alerts} shows after the raised alerts. */
    static final int RECENT = 20;

    private final ModelHealth health;
    // Gogo swaps System.out per session thread: read it at each call, never keep it.
    private final Supplier<PrintStream> out;
    private final Supplier<PrintStream> err;

    /**
     * The component, printing to the calling session.
     *
     * @param health the health service
     */
    @Activate
    public HealthCommands(@Reference ModelHealth health) {
        this(health, () -> System.out, () -> System.err);
    }

    HealthCommands(ModelHealth health, Supplier<PrintStream> out, Supplier<PrintStream> err) {
        this.health = health;
        this.out = out;
        this.err = err;
    }

    /** {@code mg:health}: one line per model the monitor has seen. */
    public void health() {
        PrintStream o = out.get();
        List<HealthReport> reports = health.reports();
        if (reports.isEmpty()) {
            o.println("no model has served a request since the gateway started");
            return;
        }
        o.println(String.format(Locale.ROOT, "%-16s %-10s %9s %8s %-22s %9s %s", "MODEL", "VERSION", "P95 MS", "REQ/S",
                "DRIFT", "ACCURACY", "ALERTS"));
        for (HealthReport r : reports) {
            o.println(String.format(Locale.ROOT, "%-16s %-10s %9s %8.2f %-22s %9s %d", r.model(), r.version(),
                    number(r.latency().p95Millis()), r.latency().requestsPerSecond(), verdict(r), number(r.accuracy().accuracy()),
                    r.alerts().size()));
        }
    }

    /**
     * {@code mg:drift <model>}: the verdict on each input feature.
     *
     * @param model the model
     */
    public void drift(String model) {
        Optional<HealthReport> report = health.report(model);
        if (report.isEmpty()) {
            err.get().println("mg:drift: model '" + model + "' has served no request since the gateway started");
            return;
        }
        printDrift(model, report.get());
    }

    /**
     * {@code mg:drift <model> <version>}: the verdict on each input feature of one version's window, e.g. a
     * challenger's beside its champion.
     *
     * @param model the model
     * @param version the version
     */
    public void drift(String model, String version) {
        Optional<HealthReport> report = health.report(model, version);
        if (report.isEmpty()) {
            err.get().println("mg:drift: the health monitor keeps no window of " + model + " " + version
                    + " (it keeps the serving version and the two most recently recorded others)");
            return;
        }
        printDrift(model, report.get());
    }

    private void printDrift(String model, HealthReport r) {
        PrintStream o = out.get();
        if (r.drift().isEmpty()) {
            o.println(model + " " + r.version() + ": no drift report: " + r.driftUnavailable());
            return;
        }
        DriftReport d = r.drift().get();
        o.println(model + " " + r.version() + ": " + verdict(r));
        if (!d.ready()) {
            return;
        }
        o.println(String.format(Locale.ROOT, "%-22s %-14s %10s %10s %s", "FEATURE", "METHOD", "STATISTIC", "THRESHOLD", "DRIFTED"));
        for (FeatureDrift f : d.features()) {
            double value = f.decidedBy().isTest() ? f.decidedBy().pValue() : f.decidedBy().value();
            o.println(String.format(Locale.ROOT, "%-22s %-14s %10.4g %10.4g %s", f.feature(),
                    f.decidedBy().statistic() + (f.decidedBy().isTest() ? " p" : ""), value, f.threshold(),
                    f.drifted() ? "yes" : "no"));
        }
    }

    /** {@code mg:alerts}: the raised alerts, then the recent transitions. */
    public void alerts() {
        PrintStream o = out.get();
        List<Alert> raised = health.alerts();
        o.println(raised.isEmpty() ? "no alert is raised" : "raised:");
        for (Alert a : raised) {
            o.println("  " + line(a));
        }
        List<Alert> log = health.alertLog();
        if (!log.isEmpty()) {
            o.println("recent transitions:");
            for (Alert a : log.subList(Math.max(0, log.size() - RECENT), log.size())) {
                o.println("  " + a.state() + " " + line(a));
            }
        }
    }

    /**
     * {@code mg:feedback <model> <id> <label|value>}: the truth for an earlier prediction.
     *
     * @param model the model
     * @param requestId the response's id
     * @param truth a label of the model, or a number for a regression
     */
    public void feedback(String model, String requestId, String truth) {
        Feedback feedback = asFeedback(truth);
        try {
            FeedbackResult result;
            try {
                result = health.feedback(model, requestId, feedback);
            } catch (FeedbackRefusedException e) {
                if (feedback.isLabel() || e.reason() != FeedbackRefusedException.Reason.BAD_LABEL) {
                    throw e;
                }
                feedback = Feedback.ofLabel(truth); // a classifier whose labels are numbers
                result = health.feedback(model, requestId, feedback);
            }
            out.get().println(model + " " + result.version() + " predicted " + result.predicted() + " for " + requestId
                    + ": " + (feedback.isLabel() ? (result.correct() ? "correct" : "wrong")
                            : "error " + String.format(Locale.ROOT, "%.4g", result.error())));
        } catch (FeedbackRefusedException e) {
            err.get().println("mg:feedback: " + e.getMessage());
        }
    }

    /** A number is taken as a value first (a regression), a classifier refusing it gets it as a label. */
    private static Feedback asFeedback(String truth) {
        try {
            return Feedback.ofValue(Double.parseDouble(truth));
        } catch (NumberFormatException e) {
            return Feedback.ofLabel(truth);
        }
    }

    private static String line(Alert a) {
        return a.since() + " " + a.model() + " " + a.version() + " " + a.kind() + " " + a.subject() + ": " + a.evidence();
    }

    private static String verdict(HealthReport r) {
        if (r.drift().isEmpty()) {
            return "unavailable";
        }
        DriftReport d = r.drift().get();
        if (!d.ready()) {
            return "warming up (" + d.rows() + " rows)";
        }
        return (d.drifted() ? "DRIFTED " : "ok ") + d.driftedFeatures().size() + "/" + d.features().size();
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }
}
