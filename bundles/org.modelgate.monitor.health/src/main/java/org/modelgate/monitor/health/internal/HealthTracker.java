package org.modelgate.monitor.health.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import org.modelgate.api.ProfileMeasurement;
import org.modelgate.api.ProfileReport;
import org.modelgate.monitor.health.Alert;
import org.modelgate.monitor.health.Feedback;
import org.modelgate.monitor.health.FeedbackRefusedException;
import org.modelgate.monitor.health.FeedbackRefusedException.Reason;
import org.modelgate.monitor.health.FeedbackResult;
import org.modelgate.monitor.health.HealthReport;
import org.modelgate.monitor.health.LabelledWindow;
import org.modelgate.monitor.health.LatencyWindow;
import org.modelgate.monitor.health.ModelHealth;
import org.modelgate.spi.InferenceRecord;

/**
 * The health monitor's state and rules, without OSGi: records in, reports, feedback and alert transitions out.
 * {@link #accept} runs on the record stream's thread; the rest on any thread.
 */
final class HealthTracker implements ModelHealth {
    private final HealthSettings settings;
    private final ModelFacts facts;
    private final LongSupplier droppedRecords;
    private final AlertListener listener;
    private final Clock clock;
    private final Map<String, ModelWatch> models = new TreeMap<>();
    private final PredictionLedger ledger;
    /** Shadow copies' predictions by their own id ({@code <id>#shadow}): judged with the feedback for {@code <id>}. */
    private final PredictionLedger shadowLedger;
    private final AlertBoard board;
    private final DriftConditions driftConditions = new DriftConditions();

    HealthTracker(HealthSettings settings, ModelFacts facts, LongSupplier droppedRecords, AlertListener listener, Clock clock) {
        this.settings = settings;
        this.facts = facts;
        this.droppedRecords = droppedRecords;
        this.listener = listener;
        this.clock = clock;
        this.ledger = new PredictionLedger(settings.feedbackCapacity(), settings.feedbackTtl(), settings.expiredIdMemory());
        this.shadowLedger = new PredictionLedger(settings.feedbackCapacity(), settings.feedbackTtl(), 0);
        this.board = new AlertBoard(settings.raiseAfter(), settings.clearAfter(), settings.alertLogSize());
    }

    /** Takes one record: successful inferences feed the windows; their predictions wait for feedback. */
    void accept(InferenceRecord record) {
        if (record.outcome() != InferenceRecord.Outcome.SUCCESS) {
            return;
        }
        boolean shadow = ShadowCopies.isShadow(record.requestId());
        VersionWatch watch;
        synchronized (models) {
            ModelWatch model = models.computeIfAbsent(record.model(), ModelWatch::new);
            java.util.function.Function<Double, VersionWatch> make = previousP95 -> new VersionWatch(record.model(),
                    record.version(), setup(record.model(), record.version()), previousP95, settings);
            // a shadow copy answered no caller: its inputs and latency count for its version, it does not serve
            watch = shadow ? model.observe(record.version(), make) : model.serve(record.version(), make);
        }
        watch.observe(record);
        if (record.requestId() != null) {
            (shadow ? shadowLedger : ledger).add(record.requestId(), prediction(record, watch), clock.millis());
        }
    }

    private VersionSetup setup(String model, String version) {
        Optional<Map<String, Object>> json = facts.modelJson(model, version);
        return json.isEmpty()
                ? VersionSetup.unavailable("model.json of " + model + " " + version + " could not be read")
                : VersionSetup.of(json.get(), settings.drift());
    }

    private static Prediction prediction(InferenceRecord record, VersionWatch watch) {
        List<String> labels = watch.setup().labels();
        int top = record.topClass();
        String label = top >= 0 && top < labels.size() ? labels.get(top) : null;
        float[] row = record.inputValues();
        int features = watch.setup().features().size();
        if (features > 0 && row.length > features) {
            row = java.util.Arrays.copyOf(row, features);
        }
        return new Prediction(record.model(), record.version(), label, label == null ? record.outputValue() : Double.NaN,
                row, record.startMillis());
    }

    @Override
    public List<HealthReport> reports() {
        List<HealthReport> reports = new ArrayList<>();
        for (VersionWatch watch : servingVersions()) {
            reports.add(report(watch));
        }
        return reports;
    }

    @Override
    public Optional<HealthReport> report(String model) {
        VersionWatch watch = serving(model);
        return watch == null ? Optional.empty() : Optional.of(report(watch));
    }

    @Override
    public Optional<HealthReport> report(String model, String version) {
        VersionWatch watch;
        synchronized (models) {
            ModelWatch versions = models.get(model);
            watch = versions == null ? null : versions.version(version);
        }
        if (watch == null) {
            return Optional.empty();
        }
        List<Alert> alerts = board.raised(model).stream().filter(a -> version.equals(a.version())).toList();
        return Optional.of(report(watch, alerts));
    }

    private HealthReport report(VersionWatch watch) {
        return report(watch, board.raised(watch.model()));
    }

    private HealthReport report(VersionWatch watch, List<Alert> alerts) {
        Instant now = clock.instant();
        return new HealthReport(watch.model(), watch.version(), now, latency(watch, now), watch.drift(),
                watch.setup().driftUnavailable(), watch.accuracy(), alerts,
                droppedRecords.getAsLong(), watch.nonFiniteInputs(), watch.features());
    }

    private LatencyWindow latency(VersionWatch watch, Instant now) {
        return watch.latency(now.toEpochMilli(), baselineP95(watch), settings.latencyRegressionRatio(),
                settings.latencyMinSamples());
    }

    /**
     * The profiler's figure for the candidate serving this version (else the winner's). Profiling measures p50
     * and p99, not p95: its p99 stands for the p95, a bound the live p95 of the same candidate stays under.
     */
    private double baselineP95(VersionWatch watch) {
        Optional<ProfileReport> profile = facts.lastProfile(watch.model());
        if (profile.isEmpty() || !watch.version().equals(profile.get().version())) {
            return Double.NaN;
        }
        ProfileReport report = profile.get();
        for (ProfileMeasurement m : report.measurements()) {
            if (m.ok() && m.backend().equals(watch.backend()) && java.util.Objects.equals(m.driver(), watch.driver())) {
                return m.p99Millis();
            }
        }
        return report.winner() != null && report.winner().ok() ? report.winner().p99Millis() : Double.NaN;
    }

    @Override
    public FeedbackResult feedback(String model, String requestId, Feedback feedback) {
        if (ShadowCopies.isShadow(requestId)) {
            throw new FeedbackRefusedException(Reason.UNKNOWN_ID, "request id '" + requestId + "' is a shadow copy's: its "
                    + "answer went to no caller; give the feedback for '" + ShadowCopies.original(requestId)
                    + "' (it judges the shadow copy's answer too)");
        }
        Prediction prediction = ledger.await(requestId, clock, settings.feedbackWait().toMillis());
        ModelWatch watch;
        synchronized (models) {
            watch = models.get(model);
        }
        if (watch == null) {
            throw new FeedbackRefusedException(Reason.UNKNOWN_MODEL, "model '" + model + "' has served no request since "
                    + "the gateway started, so it has no prediction to give feedback on");
        }
        if (prediction == null) {
            String why = ledger.forgottenBecause(requestId);
            if (why != null) {
                throw new FeedbackRefusedException(Reason.EXPIRED_ID, "request id '" + requestId
                        + "' no longer takes feedback: " + why);
            }
            throw new FeedbackRefusedException(Reason.UNKNOWN_ID, "no prediction has request id '" + requestId
                    + "'; give the \"id\" of an inference response of model '" + model + "'");
        }
        if (!prediction.model().equals(model)) {
            throw new FeedbackRefusedException(Reason.UNKNOWN_ID, "request id '" + requestId + "' is a prediction of model '"
                    + prediction.model() + "', not of '" + model + "'");
        }
        VersionWatch version;
        synchronized (models) {
            version = watch.version(prediction.version());
        }
        FeedbackWindow.Judged judged = judge(model, prediction, feedback, version);
        ledger.answered(requestId);
        if (version != null) {
            version.judged(judged);
        }
        judgeShadow(watch, requestId, feedback);
        String predicted = prediction.isClass() ? prediction.label() : Double.toString(prediction.value());
        return new FeedbackResult(model, prediction.version(), requestId, predicted,
                judged.isLabel() ? judged.truth().equals(judged.predicted()) : judged.error() == 0, judged.error());
    }

    /**
     * The same truth judges the shadow copy of the request, if its record came: the challenger's accuracy over its
     * own answers in shadow mode. A truth its version refuses (labels of its own) leaves it out.
     */
    private void judgeShadow(ModelWatch watch, String requestId, Feedback feedback) {
        String shadowId = ShadowCopies.shadowOf(requestId);
        Prediction shadow = shadowLedger.find(shadowId, clock.millis());
        if (shadow == null || !shadow.model().equals(watch.model())) {
            return;
        }
        shadowLedger.answered(shadowId);
        VersionWatch version;
        synchronized (models) {
            version = watch.version(shadow.version());
        }
        if (version == null) {
            return;
        }
        try {
            version.judged(judge(watch.model(), shadow, feedback, version));
        } catch (FeedbackRefusedException e) {
            // the caller's feedback was right for the answer it got; the shadow version's labels differ: not judged
        }
    }

    private static FeedbackWindow.Judged judge(String model, Prediction prediction, Feedback feedback, VersionWatch version) {
        List<String> labels = version == null ? List.of() : version.setup().labels();
        if (prediction.isClass()) {
            if (!feedback.isLabel()) {
                throw new FeedbackRefusedException(Reason.BAD_LABEL, "model '" + model + "' is a classifier: give a \"label\", "
                        + "one of " + labels);
            }
            if (!labels.contains(feedback.label())) {
                throw new FeedbackRefusedException(Reason.BAD_LABEL, "'" + feedback.label() + "' is not a label of model '"
                        + model + "' " + prediction.version() + "; its labels are " + labels);
            }
            return new FeedbackWindow.Judged(prediction.inputs(), feedback.label(), prediction.label(), Double.NaN, Double.NaN);
        }
        if (feedback.isLabel()) {
            throw new FeedbackRefusedException(Reason.BAD_LABEL, "model '" + model + "' " + prediction.version()
                    + " predicts a value, not a class: give a \"value\" (a number)");
        }
        if (!Double.isFinite(feedback.value())) {
            throw new FeedbackRefusedException(Reason.BAD_LABEL, "the value must be a finite number, got " + feedback.value());
        }
        double error = Math.abs(prediction.value() - feedback.value());
        return new FeedbackWindow.Judged(prediction.inputs(), null, null, feedback.value(), error);
    }

    @Override
    public List<Alert> alerts() {
        return board.raised();
    }

    @Override
    public List<Alert> alertLog() {
        return board.log();
    }

    @Override
    public LabelledWindow labelled(String model) {
        VersionWatch watch = serving(model);
        return watch == null ? new LabelledWindow(model, null, List.of(), List.of(), List.of(), new double[0])
                : watch.labelledWindow();
    }

    /**
     * Judges every serving version once (drift, accuracy, latency) and tells the listener of each transition. The
     * serving versions of a model are the last answered record's and every other that answered a caller since the
     * previous evaluation (a split challenger and its champion both serve: neither's alerts are cleared because the
     * other answered last).
     *
     * @return the transitions, in order
     */
    List<Alert> evaluate() {
        Instant now = clock.instant();
        List<Alert> transitions = new ArrayList<>();
        List<Condition> conditions = new ArrayList<>();
        Map<String, List<VersionWatch>> answering = new TreeMap<>();
        synchronized (models) {
            models.forEach((name, model) -> answering.put(name, model.answeringSinceLastCall()));
        }
        answering.forEach((model, versions) -> {
            if (!versions.isEmpty()) {
                transitions.addAll(board.retire(model, versions.stream().map(VersionWatch::version).toList(), now));
            }
        });
        for (VersionWatch watch : answering.values().stream().flatMap(List::stream).toList()) {
            watch.drift().ifPresent(report -> conditions.addAll(driftConditions.of(watch.model(), watch.version(), report,
                    watch.setup().drift().settings().thresholds().driftShare())));
            accuracy(watch).ifPresent(conditions::add);
            latency(watch, latency(watch, now)).ifPresent(conditions::add);
        }
        transitions.addAll(board.judge(conditions, now));
        for (Alert alert : transitions) {
            listener.transition(alert);
        }
        return transitions;
    }

    private Optional<Condition> accuracy(VersionWatch watch) {
        if (watch.labelled() < settings.accuracyMinLabelled()) {
            return Optional.empty();
        }
        double accuracy = watch.accuracy().accuracy();
        double floor = settings.accuracyFloor();
        return Optional.of(new Condition(watch.model(), watch.version(), Alert.KIND_ACCURACY, "accuracy", "accuracy", accuracy,
                floor, String.format(java.util.Locale.ROOT, "accuracy %.3f over the last %d labelled predictions (floor %.3f)", accuracy,
                        watch.labelled(), floor), accuracy < floor));
    }

    private Optional<Condition> latency(VersionWatch watch, LatencyWindow window) {
        double baseline = lowest(window.baselineP95Millis(), window.previousP95Millis());
        if (window.count() < settings.latencyMinSamples() || Double.isNaN(baseline)) {
            return Optional.empty();
        }
        double limit = settings.latencyRegressionRatio() * baseline;
        String against = baseline == window.baselineP95Millis() ? "the profiled " : "the previous version's ";
        return Optional.of(new Condition(watch.model(), watch.version(), Alert.KIND_LATENCY, "p95", "p95_ms", window.p95Millis(),
                limit, String.format(java.util.Locale.ROOT, "p95 %.3f ms over %d requests against %s%.3f ms x %.2f = %.3f ms", window.p95Millis(),
                        window.count(), against, baseline, settings.latencyRegressionRatio(), limit), window.regressed()));
    }

    private static double lowest(double a, double b) {
        if (!(a > 0)) {
            return b > 0 ? b : Double.NaN;
        }
        return b > 0 ? Math.min(a, b) : a;
    }

    private VersionWatch serving(String model) {
        synchronized (models) {
            ModelWatch watch = models.get(model);
            return watch == null ? null : watch.serving();
        }
    }

    private List<VersionWatch> servingVersions() {
        synchronized (models) {
            return models.values().stream().map(ModelWatch::serving).filter(java.util.Objects::nonNull).toList();
        }
    }
}
