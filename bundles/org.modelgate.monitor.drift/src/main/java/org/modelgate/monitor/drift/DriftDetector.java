package org.modelgate.monitor.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.modelgate.monitor.drift.internal.FeatureJudge;
import org.modelgate.monitor.drift.internal.SlidingWindow;

/**
 * The drift of one model version: a sliding window of its live inputs (and, for a classifier, its
 * predicted classes and confidence) judged against the reference profile. Memory is fixed when it is
 * made: {@code window} values per feature. NaN and infinite values are counted and left out.
 *
 * <pre>
 * DriftDetector drift = new DriftDetector(reference.inputs().get("input"), reference.outputs().get("output"), settings);
 * drift.observeInputs(row);          // per live row, on the monitor's thread
 * drift.observeOutputs(probabilities);
 * DriftReport report = drift.report();   // report.drifted(), report.driftedFeatures()
 * </pre>
 *
 * <p>Safe to call from several threads: each call holds the detector's lock briefly, and
 * {@link #report()} copies the windows under it and computes the statistics outside it. Meant for a
 * monitor's own thread (or a REST request asking for the report), never for the inference path.
 */
public final class DriftDetector {
    private final TensorProfile inputs;
    private final MonitorSettings settings;
    private final List<FeatureJudge> judges = new ArrayList<>();
    private final SlidingWindow[] windows;
    private final FeatureJudge predictionJudge;
    private final FeatureJudge confidenceJudge;
    private final SlidingWindow predictions;
    private final SlidingWindow confidence;
    private long rowsSeen;

    /**
     * Creates a detector with empty windows.
     *
     * @param inputs the reference of the input tensor whose rows are observed
     * @param outputs the reference of the classifier output tensor, or null to judge inputs only
     * @param settings window, minimum samples, method and thresholds
     */
    public DriftDetector(TensorProfile inputs, TensorProfile outputs, MonitorSettings settings) {
        this.inputs = inputs;
        this.settings = settings;
        this.windows = new SlidingWindow[inputs.width()];
        for (int f = 0; f < windows.length; f++) {
            judges.add(new FeatureJudge(inputs.features().get(f), settings.method(), settings.thresholds()));
            windows[f] = new SlidingWindow(settings.window());
        }
        ClassCounts classes = outputs == null ? null : outputs.predictions();
        predictionJudge = classes == null ? null : new FeatureJudge(asCategories(classes), settings.method(), settings.thresholds());
        predictions = classes == null ? null : new SlidingWindow(settings.window());
        FeatureProfile conf = outputs == null ? null : outputs.confidence();
        confidenceJudge = conf == null ? null : new FeatureJudge(conf, settings.method(), settings.thresholds());
        confidence = conf == null ? null : new SlidingWindow(settings.window());
    }

    /** Predicted class indices as a categorical feature: the same tests as any categorical feature. */
    private static FeatureProfile asCategories(ClassCounts classes) {
        double[] values = IntStream.range(0, classes.counts().length).asDoubleStream().toArray();
        return new FeatureProfile("predictions", classes.total(), Double.NaN, Double.NaN, 0, values.length - 1, null, null,
                new Categories(values, classes.counts()));
    }

    /**
     * Adds one live input row.
     *
     * @param row one value per feature
     * @throws IllegalArgumentException when the row's width is not the reference's
     */
    public synchronized void observeInputs(double[] row) {
        checkWidth(row.length);
        for (int f = 0; f < row.length; f++) {
            windows[f].add(row[f]);
        }
        rowsSeen++;
    }

    /**
     * Adds one live input row of a float32 tensor, each value taken as the shortest decimal that reads back as that
     * float (0.2f as 0.2, not 0.20000000298). The reference holds the training data's decimals: a plain widening
     * would put every live value of a tie (iris' petal width is 0.2 in a fifth of the rows) just right of the
     * reference's, and the distribution tests and PSI bins would see the whole tie as drift.
     *
     * @param row one value per feature
     * @throws IllegalArgumentException when the row's width is not the reference's
     */
    public void observeInputs(float[] row) {
        checkWidth(row.length);
        double[] decimals = new double[row.length];
        for (int f = 0; f < row.length; f++) {
            decimals[f] = Float.isFinite(row[f]) ? Double.parseDouble(Float.toString(row[f])) : row[f];
        }
        observeInputs(decimals);
    }

    /**
     * Adds one live output row of a classifier: its arg-max class and largest value. A row holding NaN
     * or an infinity is counted and left out.
     *
     * @param row the output values (probabilities or scores), one per class
     */
    public synchronized void observeOutputs(float[] row) {
        if (predictions == null) {
            return;
        }
        int best = 0;
        boolean finite = true;
        for (int c = 0; c < row.length; c++) {
            finite &= Float.isFinite(row[c]);
            if (row[c] > row[best]) {
                best = c;
            }
        }
        predictions.add(finite ? best : Double.NaN);
        if (confidence != null) {
            confidence.add(finite ? row[best] : Double.NaN);
        }
    }

    /**
     * Judges the window now.
     *
     * @return the report; not {@link DriftReport#ready()} while fewer than {@code minSamples} rows were seen
     */
    public DriftReport report() {
        double[][] values;
        long[] nonFinite;
        double[] predicted;
        double[] confident;
        long predictionsNonFinite;
        long confidenceNonFinite;
        int rows;
        synchronized (this) {
            rows = (int) Math.min(rowsSeen, settings.window());
            values = new double[windows.length][];
            nonFinite = new long[windows.length];
            for (int f = 0; f < windows.length; f++) {
                values[f] = windows[f].values();
                nonFinite[f] = windows[f].nonFinite();
            }
            predicted = predictions == null ? null : predictions.values();
            predictionsNonFinite = predictions == null ? 0 : predictions.nonFinite();
            confident = confidence == null ? null : confidence.values();
            confidenceNonFinite = confidence == null ? 0 : confidence.nonFinite();
        }
        if (rows < settings.minSamples()) {
            return new DriftReport(false, rows, List.of(), Optional.empty(), Optional.empty(), 0, false);
        }
        List<FeatureDrift> features = new ArrayList<>();
        for (int f = 0; f < values.length; f++) {
            if (values[f].length >= settings.minSamples() && judges.get(f).canJudge()) {
                features.add(judges.get(f).judge(values[f], nonFinite[f]));
            }
        }
        long drifted = features.stream().filter(FeatureDrift::drifted).count();
        double share = features.isEmpty() ? 0 : (double) drifted / features.size();
        return new DriftReport(true, rows, features, judged(predictionJudge, predicted, predictionsNonFinite),
                judged(confidenceJudge, confident, confidenceNonFinite), share,
                !features.isEmpty() && share >= settings.thresholds().driftShare());
    }

    private Optional<FeatureDrift> judged(FeatureJudge judge, double[] values, long nonFinite) {
        if (judge == null || values.length < settings.minSamples()) {
            return Optional.empty();
        }
        return Optional.of(judge.judge(values, nonFinite));
    }

    /** Empties the windows (e.g. when the version is reloaded). */
    public synchronized void reset() {
        for (SlidingWindow w : windows) {
            w.clear();
        }
        if (predictions != null) {
            predictions.clear();
        }
        if (confidence != null) {
            confidence.clear();
        }
        rowsSeen = 0;
    }

    /** @return the settings */
    public MonitorSettings settings() {
        return settings;
    }

    private void checkWidth(int width) {
        if (width != inputs.width()) {
            throw new IllegalArgumentException("a row of " + width + " values for a reference of " + inputs.width() + " features");
        }
    }
}
