package org.modelgate.monitor.health.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.modelgate.api.ModelRegistry;
import org.modelgate.api.ProfileReport;
import org.modelgate.audit.AuditLog;
import org.modelgate.monitor.RecordStreamStatus;
import org.modelgate.monitor.health.Alert;
import org.modelgate.monitor.health.Feedback;
import org.modelgate.monitor.health.FeedbackResult;
import org.modelgate.monitor.health.HealthReport;
import org.modelgate.monitor.health.LabelledWindow;
import org.modelgate.monitor.health.ModelHealth;
import org.modelgate.spi.InferenceMonitor;
import org.modelgate.spi.InferenceRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The health monitor: a monitor on the record stream (named {@value #MONITOR_NAME}) and the {@link ModelHealth}
 * service. Alerts are evaluated every {@code evaluationSeconds} on a thread of its own. A configuration change
 * restarts it with empty windows.
 */
@Component(service = { InferenceMonitor.class, ModelHealth.class }, configurationPid = HealthConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = InferenceMonitor.NAME + "=" + HealthMonitor.MONITOR_NAME)
@Designate(ocd = HealthConfig.class)
public class HealthMonitor implements InferenceMonitor, ModelHealth {
    /** This monitor's name on the record stream. */
    static final String MONITOR_NAME = "health";
    private static final System.Logger LOG = System.getLogger(HealthMonitor.class.getName());

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile RecordStreamStatus stream;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile EventAdmin events;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AuditLog audit;

    private final ModelRegistry registry;
    private final HealthTracker tracker;
    private final ScheduledExecutorService evaluator;

    /**
     * Starts the monitor.
     *
     * @param registry the registry: model.json sections and profiling reports
     * @param config the configuration
     */
    @Activate
    public HealthMonitor(@Reference ModelRegistry registry, HealthConfig config) {
        this.registry = registry;
        this.tracker = new HealthTracker(HealthSettings.of(config), new ModelFacts() {
            @Override
            public Optional<Map<String, Object>> modelJson(String model, String version) {
                return registry.modelJson(model, version);
            }

            @Override
            public Optional<ProfileReport> lastProfile(String model) {
                return registry.lastProfile(model);
            }
        }, this::dropped, new AlertChannels(() -> events, () -> audit), Clock.systemUTC());
        this.evaluator = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "modelgate-health-evaluator");
            thread.setDaemon(true);
            return thread;
        });
        int period = Math.max(1, config.evaluationSeconds());
        evaluator.scheduleWithFixedDelay(this::evaluate, period, period, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        evaluator.shutdownNow();
    }

    private void evaluate() {
        try {
            tracker.evaluate();
        } catch (RuntimeException e) {
            // the next evaluation runs anyway: a failing one must not stop the schedule
            LOG.log(System.Logger.Level.ERROR, "evaluating the model health alerts failed", e);
        }
    }

    private long dropped() {
        RecordStreamStatus status = stream;
        if (status == null) {
            return 0;
        }
        return status.monitors().stream().filter(m -> m.name().equals(MONITOR_NAME))
                .mapToLong(RecordStreamStatus.MonitorStatus::dropped).sum();
    }

    @Override
    public void accept(InferenceRecord record) {
        tracker.accept(record);
    }

    @Override
    public List<HealthReport> reports() {
        return tracker.reports();
    }

    @Override
    public Optional<HealthReport> report(String model) {
        return tracker.report(model);
    }

    @Override
    public Optional<HealthReport> report(String model, String version) {
        return tracker.report(model, version);
    }

    @Override
    public FeedbackResult feedback(String model, String requestId, Feedback feedback) {
        return tracker.feedback(model, requestId, feedback);
    }

    @Override
    public List<Alert> alerts() {
        return tracker.alerts();
    }

    @Override
    public List<Alert> alertLog() {
        return tracker.alertLog();
    }

    @Override
    public LabelledWindow labelled(String model) {
        return tracker.labelled(model);
    }
}
