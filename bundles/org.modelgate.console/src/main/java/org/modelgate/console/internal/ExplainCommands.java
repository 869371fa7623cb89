package org.modelgate.console.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.ModelgateException;
import org.modelgate.api.TensorSpec;
import org.modelgate.explain.Attribution;
import org.modelgate.explain.Classification;
import org.modelgate.explain.Explainer;
import org.modelgate.explain.Explanation;
import org.modelgate.explain.FeatureAttribution;
import org.modelgate.explain.FeatureImportance;
import org.modelgate.explain.Importance;
import org.modelgate.explain.ScoredLabel;
import org.modelgate.gogo.GogoCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code mg:explain <model> <v1> <v2> ...}: the prediction, its confidence, the top classes and the attribution table
 * sorted by |attribution|; {@code mg:importance <model>}: permutation importance over the labelled window. Both need
 * the explain bundle (optional import: without it they say so).
 */
@Component(service = Object.class)
@GogoCommand(scope = "mg", function = {"explain", "importance"})
public class ExplainCommands {
    private static final int TOP = 3;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Explainer explainer;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ModelRegistry registry;

    // Gogo swaps System.out per session thread: read it at each call, never keep it.
    private final Supplier<PrintStream> out;
    private final Supplier<PrintStream> err;

    /** The component, printing to the calling session. */
    public ExplainCommands() {
        this(() -> System.out, () -> System.err);
    }

    ExplainCommands(Supplier<PrintStream> out, Supplier<PrintStream> err) {
        this.out = out;
        this.err = err;
    }

    /**
     * {@code mg:explain <model> <v1> <v2> ...}.
     *
     * @param args the model name and the feature values
     */
    public void explain(String... args) {
        if (args == null || args.length < 2 || "-h".equals(args[0]) || "--help".equals(args[0])) {
            out.get().println("usage: mg:explain <model> <v1> <v2> ...   (one row of a tabular model's features)");
            return;
        }
        try {
            float[] values = new float[args.length - 1];
            for (int i = 1; i < args.length; i++) {
                try {
                    values[i - 1] = Float.parseFloat(args[i]);
                } catch (NumberFormatException e) {
                    throw new CommandFailure("feature " + (i - 1) + " is '" + args[i] + "', not a number");
                }
            }
            Explanation e = service().explain(args[0], values, Math.min(TOP, classes(args[0])));
            print(out.get(), e);
        } catch (CommandFailure | ModelgateException e) {
            err.get().println("mg:explain: " + e.getMessage());
        }
    }

    /**
     * {@code mg:importance <model>}.
     *
     * @param args the model name
     */
    public void importance(String... args) {
        if (args == null || args.length != 1 || "-h".equals(args[0]) || "--help".equals(args[0])) {
            out.get().println("usage: mg:importance <model>   (permutation importance over the rows that got label feedback)");
            return;
        }
        try {
            print(out.get(), service().importance(args[0]));
        } catch (CommandFailure | ModelgateException e) {
            err.get().println("mg:importance: " + e.getMessage());
        }
    }

    static void print(PrintStream out, Explanation e) {
        Classification c = e.classification();
        out.println(String.format(Locale.ROOT, "%s %s: %s (p=%.4f)", e.model(), e.version(), c.predicted().label(),
                c.predicted().score()));
        out.println(String.format(Locale.ROOT, "confidence: max %.4f, margin %.4f, entropy %.4f", c.confidence().max(),
                c.confidence().margin(), c.confidence().entropy()));
        List<String> top = new ArrayList<>();
        for (ScoredLabel label : c.top()) {
            top.add(String.format(Locale.ROOT, "%s %.4f", label.label(), label.score()));
        }
        out.println("top-" + c.top().size() + ": " + String.join(", ", top));
        Attribution a = e.attribution();
        out.println(String.format(Locale.ROOT, "attribution of p(%s): %s against the %s, %d inferences",
                a.target().label(), a.method().id(), a.baseline(), a.inferences()));
        out.println(String.format(Locale.ROOT, "p(%s) %.4f here, %.4f at the baseline", a.target().label(), a.score(),
                a.baselineScore()));
        List<FeatureAttribution> sorted = new ArrayList<>(a.features());
        sorted.sort(Comparator.comparingDouble((FeatureAttribution f) -> Math.abs(f.attribution())).reversed());
        TextTable table = new TextTable(new String[] {"FEATURE", "VALUE", "ATTRIBUTION"}, new int[] {40, 14, 14});
        for (FeatureAttribution f : sorted) {
            table.row(f.name(), number(f.value()), String.format(Locale.ROOT, "%+.5g", f.attribution()));
        }
        table.print(out);
    }

    static void print(PrintStream out, Importance importance) {
        out.println(String.format(Locale.ROOT, "%s %s: permutation importance over %d labelled rows, %d repeats, "
                + "accuracy %.4f, %d inferences", importance.model(), importance.version(), importance.rows(),
                importance.repeats(), importance.accuracy(), importance.inferences()));
        TextTable table = new TextTable(new String[] {"FEATURE", "IMPORTANCE", "STD"}, new int[] {40, 12, 12});
        for (FeatureImportance f : importance.features()) {
            table.row(f.name(), String.format(Locale.ROOT, "%.4f", f.importance()),
                    String.format(Locale.ROOT, "%.4f", f.std()));
        }
        table.print(out);
    }

    private Explainer service() {
        Explainer service = explainer;
        if (service == null) {
            throw new CommandFailure("explanations need the explain feature (bundle org.modelgate.explain), which is "
                    + "not running");
        }
        return service;
    }

    /** The classes a model's output has: its labels, else the width of its first output (2 for one sigmoid). */
    private int classes(String model) {
        ModelRegistry r = registry;
        ModelInfo info = r == null ? null : r.model(model).orElse(null);
        if (info == null) {
            return 1;
        }
        if (!info.labels().isEmpty()) {
            return info.labels().size();
        }
        if (!info.outputs().isEmpty()) {
            long[] shape = info.outputs().get(0).shape();
            long width = shape.length == 0 ? 1 : shape[shape.length - 1];
            return width == TensorSpec.DYNAMIC ? 1 : width == 1 ? 2 : (int) Math.max(1, width);
        }
        return 1;
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }

    /** A mistake in the command line. */
    static final class CommandFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandFailure(String message) {
            super(message);
        }
    }
}
