package org.modelgate.monitor.health.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.modelgate.monitor.drift.DriftReport;
import org.modelgate.monitor.health.AccuracyWindow;
import org.modelgate.monitor.health.LabelledWindow;
import org.modelgate.monitor.health.LatencyWindow;
import org.modelgate.spi.InferenceRecord;

/**
 * The live state of one model version: its latency ring, drift detector, feedback window and counters.
 * Created on the version's first record; the monitor thread observes, report and feedback calls read.
 */
final class VersionWatch {
    private final String model;
    private final String version;
    private final VersionSetup setup;
    private final double previousP95;
    private final LatencyRing latency;
    private final FeedbackWindow feedback;
    private long nonFinite;
    private int width;
    private String backend;
    private String driver;

    VersionWatch(String model, String version, VersionSetup setup, double previousP95, HealthSettings settings) {
        this.model = model;
        this.version = version;
        this.setup = setup;
        this.previousP95 = previousP95;
        this.latency = new LatencyRing(settings.latencyWindow());
        this.feedback = new FeedbackWindow(settings.accuracyWindow());
    }

    String model() {
        return model;
    }

    String version() {
        return version;
    }

    VersionSetup setup() {
        return setup;
    }

    /** Takes one successful record: latency, non-finite inputs, drift of inputs and predicted class. */
    void observe(InferenceRecord record) {
        float[] inputs = record.inputValues();
        synchronized (this) {
            latency.add(record.latencyNanos() / 1e6, record.startMillis());
            for (float v : inputs) {
                nonFinite += Float.isFinite(v) ? 0 : 1;
            }
            width = Math.max(width, inputs.length);
            backend = record.backend();
            driver = record.driver();
        }
        if (setup.drift() != null) {
            int features = setup.features().size();
            if (inputs.length >= features) {
                // a batch's summary holds its first rows: the first row is judged
                // as the decimals the client sent (DriftDetector.observeInputs(float[]) says why)
                setup.drift().observeInputs(java.util.Arrays.copyOf(inputs, features));
            }
            if (record.topClass() >= 0 && Float.isFinite(record.topScore())) {
                setup.drift().observeOutputs(outputRow(record.topClass(), record.topScore()));
            }
        }
    }

    /** A row whose arg-max is the top class and whose largest value its score: what the detector judges. */
    private float[] outputRow(int top, float score) {
        float[] row = new float[Math.max(setup.labels().size(), top + 1)];
        java.util.Arrays.fill(row, score - 1);
        row[top] = score;
        return row;
    }

    synchronized LatencyWindow latency(long nowMillis, double baselineP95, double ratio, int minSamples) {
        double[] sorted = latency.sorted();
        double p95 = LatencyRing.percentile(sorted, 95);
        boolean judged = sorted.length >= minSamples;
        boolean regressed = judged && ((baselineP95 > 0 && p95 > ratio * baselineP95)
                || (previousP95 > 0 && p95 > ratio * previousP95));
        return new LatencyWindow(sorted.length, LatencyRing.percentile(sorted, 50), p95, LatencyRing.percentile(sorted, 99),
                latency.requestsPerSecond(nowMillis), baselineP95, previousP95, regressed);
    }

    /** The p95 of the window now (NaN when empty): the next version's "previous". */
    synchronized double p95() {
        return LatencyRing.percentile(latency.sorted(), 95);
    }

    Optional<DriftReport> drift() {
        return setup.drift() == null ? Optional.empty() : Optional.of(setup.drift().report());
    }

    synchronized long nonFiniteInputs() {
        return nonFinite;
    }

    synchronized String backend() {
        return backend;
    }

    synchronized String driver() {
        return driver;
    }

    /** Feature names: the reference's, else f0..fn over the widest input summary seen. */
    synchronized List<String> features() {
        if (!setup.features().isEmpty()) {
            return setup.features();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            names.add("f" + i);
        }
        return names;
    }

    synchronized void judged(FeedbackWindow.Judged judged) {
        feedback.add(judged);
    }

    synchronized AccuracyWindow accuracy() {
        return feedback.accuracy();
    }

    synchronized int labelled() {
        return feedback.labelled();
    }

    LabelledWindow labelledWindow() {
        List<String> names = features();
        synchronized (this) {
            return feedback.labelledWindow(model, version, names);
        }
    }
}
