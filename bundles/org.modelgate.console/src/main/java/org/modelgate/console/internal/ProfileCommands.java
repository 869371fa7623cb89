package org.modelgate.console.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.modelgate.api.ModelRegistry;
import org.modelgate.api.ModelgateException;
import org.modelgate.api.Operator;
import org.modelgate.api.ProfileMeasurement;
import org.modelgate.api.ProfileReport;
import org.modelgate.api.ProfileRequest;
import org.modelgate.gogo.GogoCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code mg:profile <model> [-n <runs>]}: profiles a model on this device with a progress bar, prints what each
 * candidate measured and which one won and where it was stored.
 */
@Component(service = Object.class)
@GogoCommand(scope = "mg", function = "profile")
public class ProfileCommands {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ModelRegistry registry;

    // Gogo swaps System.out per session thread: read it at each call, never keep it.
    private final Supplier<PrintStream> out;
    private final Supplier<PrintStream> err;
    private final Supplier<String> operator;

    /** The component, printing to the calling session. */
    public ProfileCommands() {
        this(() -> System.out, () -> System.err, OperatorName::ofCurrentSession);
    }

    ProfileCommands(Supplier<PrintStream> out, Supplier<PrintStream> err, Supplier<String> operator) {
        this.out = out;
        this.err = err;
        this.operator = operator;
    }

    /**
     * {@code mg:profile}.
     *
     * @param args the model, optionally {@code -n <runs>}; or -h
     */
    public void profile(String... args) {
        Command command = Command.PROFILE;
        List<String> given = args == null ? List.of() : List.of(args);
        if (given.contains("-h") || given.contains("--help")) {
            command.printUsage(out.get());
            return;
        }
        String model = null;
        int runs = ProfileRequest.DEFAULT_RUNS;
        for (int i = 0; i < given.size(); i++) {
            if (given.get(i).equals("-n") && i + 1 < given.size()) {
                try {
                    runs = Integer.parseInt(given.get(++i));
                } catch (NumberFormatException e) {
                    fail("-n takes a number of runs, not '" + given.get(i) + "'; " + command.usageLine());
                    return;
                }
            } else if (model == null && !given.get(i).startsWith("-")) {
                model = given.get(i);
            } else {
                fail("unexpected argument '" + given.get(i) + "'; " + command.usageLine());
                return;
            }
        }
        if (model == null) {
            fail("wrong number of arguments; " + command.usageLine());
            return;
        }
        ModelRegistry service = registry;
        if (service == null) {
            fail("the model registry is not available (is org.modelgate.core running?)");
            return;
        }
        run(service, model, runs);
    }

    private void run(ModelRegistry service, String model, int runs) {
        PrintStream stream = out.get();
        ProgressLine progress = new ProgressLine(stream);
        try {
            ProfileRequest request = ProfileRequest.ofRuns(runs);
            ProfileReport report = Operator.call(operator.get(), () -> service.profile(model, request, progress));
            progress.end();
            print(report, stream);
        } catch (ModelgateException e) {
            progress.end();
            fail(e.getMessage());
        } catch (UnsupportedOperationException e) {
            progress.end();
            fail("this gateway's model registry cannot profile models");
        } catch (RuntimeException e) {
            progress.end();
            fail("failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    static void print(ProfileReport report, PrintStream stream) {
        stream.println("model " + report.model() + " " + report.version() + ", " + report.runs() + " timed runs per candidate");
        TextTable table = new TextTable(new String[] {"BACKEND", "DRIVER", "THREADS", "LOAD ms", "P50 ms", "P99 ms", "REQ/S",
            "MEM MiB"}, new int[] {11, 9, 7, 8, 8, 8, 8});
        for (ProfileMeasurement m : report.measurements()) {
            String driver = m.driver() == null ? "defaults" : m.driver();
            if (m.ok()) {
                table.row(m.backend(), driver, threads(m), number(m.loadMillis()), number(m.p50Millis()),
                        number(m.p99Millis()), number(m.throughput()), m.memoryMiB() == null ? "-" : number(m.memoryMiB()));
            } else {
                table.row(m.backend(), driver, threads(m), number(m.loadMillis()), "failed");
            }
        }
        table.print(stream);
        // Failures are long: one untruncated line each.
        for (ProfileMeasurement m : report.measurements()) {
            if (!m.ok()) {
                stream.println(m.label() + " failed: " + m.failure());
            }
        }
        printEnergy(report, stream);
        // the outcome's clauses on lines of their own, to stay near 80 columns (a long repository path may not)
        for (String clause : report.outcome().split("; ")) {
            stream.println(clause);
        }
    }

    /**
     * The energy figures in a table of their own (beside the timings they would pass 80 columns), or why there are
     * none: once when every candidate says the same, else per candidate.
     */
    private static void printEnergy(ProfileReport report, PrintStream stream) {
        List<ProfileMeasurement> measured = report.measurements().stream().filter(m -> m.ok() && m.energy() != null)
                .toList();
        List<ProfileMeasurement> read = measured.stream().filter(m -> m.energy().readable()).toList();
        if (!read.isEmpty()) {
            TextTable energy = new TextTable(new String[] {"CANDIDATE", "mJ/INF", "W", "METERS"}, new int[] {34, 8, 8});
            for (ProfileMeasurement m : read) {
                energy.row(m.label(), number(m.energy().joulesPerInference() * 1e3), number(m.energy().watts()),
                        String.join(" + ", m.energy().meters()));
            }
            energy.print(stream);
        }
        List<ProfileMeasurement> without = measured.stream().filter(m -> !m.energy().readable()).toList();
        List<String> reasons = without.stream().map(m -> m.energy().unavailable()).distinct().toList();
        if (read.isEmpty() && reasons.size() == 1) {
            stream.println("energy: not readable here (" + reasons.get(0) + ")");
            return;
        }
        for (ProfileMeasurement m : without) {
            stream.println(m.label() + " energy: not readable (" + m.energy().unavailable() + ")");
        }
    }

    /** Three significant digits or so: 0.0412, 1.23, 45.6, 1234. */
    static String number(double value) {
        double magnitude = Math.abs(value);
        String format = magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : magnitude >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, format, value);
    }

    private void fail(String message) {
        err.get().println(Command.PROFILE.qualifiedName() + ": " + message);
    }

    /** The thread count, or "pool" for a candidate on the backend's shared thread pools (threads 0). */
    private static String threads(org.modelgate.api.ProfileMeasurement m) {
        return m.threads() == 0 ? "pool" : Integer.toString(m.threads());
    }
}
