package org.modelgate.webconsole.internal;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.modelgate.monitor.drift.DriftReport;
import org.modelgate.monitor.drift.FeatureDrift;
import org.modelgate.monitor.health.Alert;
import org.modelgate.monitor.health.HealthReport;
import org.modelgate.monitor.health.ModelHealth;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The Model health page's view of the {@link ModelHealth} service (feature {@code health}):
 * samples every model's accuracy and drifted share every {@value #SAMPLE_SECONDS} seconds into a
 * {@link HealthHistory}, so that the charts have a history, and reads drift per feature and alerts
 * live. Exists only while the service does (static mandatory reference): without it the page has no
 * {@link HealthSource} and says which feature is missing. The package is an optional import: this
 * class is loaded only when the service is there.
 */
@Component(service = HealthSource.class, immediate = true)
public class HealthSampler implements HealthSource {
    static final long SAMPLE_SECONDS = 5;
    private static final System.Logger LOG = System.getLogger(HealthSampler.class.getName());

    @Reference
    ModelHealth health;
    private final HealthHistory history = new HealthHistory();
    private final AtomicBoolean failureLogged = new AtomicBoolean();
    private ScheduledExecutorService timer;

    @Activate
    void activate() {
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "modelgate-webconsole-health-sampler");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::sample, 0, SAMPLE_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    /** Takes one sample of every model the monitor reports. */
    void sample() {
        try {
            for (HealthReport report : health.reports()) {
                history.add(report.model(), point(report));
            }
            failureLogged.set(false);
        } catch (RuntimeException e) {
            // Keep sampling (the next report may work); say so once per run of failures.
            if (failureLogged.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "The Model health page could not sample the health monitor; its charts pause until it answers again", e);
            }
        }
    }

    static HealthPoint point(HealthReport report) {
        double driftShare = report.drift().filter(DriftReport::ready).map(DriftReport::driftedShare).orElse(Double.NaN);
        return new HealthPoint(report.at().getEpochSecond(), report.accuracy().accuracy(), driftShare);
    }

    @Override
    public List<String> models() {
        return health.reports().stream().map(HealthReport::model).sorted().toList();
    }

    @Override
    public HealthView view(String model) {
        Optional<HealthReport> report = health.report(model);
        List<FeatureBar> features = report.flatMap(HealthReport::drift).filter(DriftReport::ready)
                .map(drift -> drift.features().stream().map(HealthSampler::bar).toList()).orElse(List.of());
        String unavailable = report.map(HealthReport::driftUnavailable).orElse(null);
        if (unavailable == null && report.flatMap(HealthReport::drift).filter(drift -> !drift.ready()).isPresent()) {
            unavailable = "drift is judged once the window holds enough rows (" + report.get().drift().get().rows() + " so far)";
        }
        return new HealthView(report.map(HealthReport::version).orElse(null), history.points(model), features, unavailable,
                rows(health.alerts()), rows(health.alertLog()));
    }

    /** A test's p-value is what crosses its threshold; a distance is the value itself. */
    static FeatureBar bar(FeatureDrift feature) {
        var decided = feature.decidedBy();
        return new FeatureBar(feature.feature(), decided.isTest() ? decided.statistic() + " p-value" : decided.statistic(),
                decided.isTest() ? decided.pValue() : decided.value(), feature.threshold(), feature.drifted());
    }

    private static List<AlertRow> rows(List<Alert> alerts) {
        return alerts.stream().map(alert -> new AlertRow(alert.model(), alert.version(), alert.kind(), alert.subject(),
                alert.statistic(), alert.value(), alert.threshold(), alert.evidence(), alert.state().name(),
                alert.since().getEpochSecond())).toList();
    }
}
