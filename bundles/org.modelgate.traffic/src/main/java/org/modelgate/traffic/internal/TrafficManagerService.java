package org.modelgate.traffic.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.modelgate.api.ModelRegistry;
import org.modelgate.audit.AuditLog;
import org.modelgate.spi.InferenceMonitor;
import org.modelgate.spi.InferenceRecord;
import org.modelgate.traffic.TrafficManager;
import org.modelgate.traffic.TrafficPolicy;
import org.modelgate.traffic.TrafficStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The traffic manager as a DS component: the {@link TrafficManager} service, and an {@link InferenceMonitor} (the
 * record stream of bundle org.modelgate.monitor hands it every inference record, on its own thread) that counts each
 * version's requests, failures, latencies and shadow agreement for the running policies. A thread of its own judges
 * them every {@code evaluationMillis}. When the component stops, running challengers are rolled back.
 */
@Component(service = { TrafficManager.class, InferenceMonitor.class }, configurationPid = TrafficConfig.PID,
        property = InferenceMonitor.NAME + "=traffic")
@Designate(ocd = TrafficConfig.class)
public class TrafficManagerService implements TrafficManager, InferenceMonitor {
    @Reference
    ModelRegistry registry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AuditLog audit;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile EventAdmin events;

    /** The drift and accuracy source while the health monitor is present. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ChallengerHealth health;

    private TrafficDirector director;
    private ScheduledExecutorService evaluation;

    @Activate
    void activate(TrafficConfig config) {
        director = new TrafficDirector(registry, () -> {
            ChallengerHealth source = health;
            return source == null ? ChallengerHealth.ABSENT : source;
        }, new TrafficNotices(() -> audit, () -> events), Clock.systemUTC(), config.samples());
        evaluation = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "modelgate-traffic");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(50, config.evaluationMillis());
        evaluation.scheduleWithFixedDelay(director::evaluateAll, every, every, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        evaluation.shutdownNow();
        try {
            evaluation.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        director.rollBackAll("the traffic manager stopped (bundle org.modelgate.traffic stopped or the gateway shut down)");
    }

    @Override
    public void accept(InferenceRecord record) {
        director.accept(record);
    }

    @Override
    public TrafficStatus start(String model, TrafficPolicy policy) {
        return director.start(model, policy);
    }

    @Override
    public Optional<TrafficStatus> status(String model) {
        return director.status(model);
    }

    @Override
    public List<TrafficStatus> policies() {
        return director.policies();
    }

    @Override
    public TrafficStatus promote(String model, String reason) {
        return director.promote(model, reason);
    }

    @Override
    public TrafficStatus rollback(String model, String reason) {
        return director.rollback(model, reason);
    }
}
