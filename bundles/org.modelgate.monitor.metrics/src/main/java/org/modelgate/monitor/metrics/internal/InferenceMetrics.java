package org.modelgate.monitor.metrics.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import org.modelgate.api.ModelRegistry;
import org.modelgate.monitor.RecordStreamStatus;
import org.modelgate.spi.EnergyMeter;
import org.modelgate.spi.InferenceMonitor;
import org.modelgate.spi.InferenceRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The gateway's metrics: a monitor on the record stream counting requests, plus what the registry, the record
 * stream and the process report at scrape time, all in one Prometheus registry of this bundle (never the client's
 * global default registry, which other bundles could share).
 */
@Component(service = { InferenceMonitor.class, InferenceMetrics.class },
        property = InferenceMonitor.NAME + "=" + InferenceMetrics.MONITOR_NAME, configurationPid = "org.modelgate.monitor.metrics")
@Designate(ocd = MetricsConfig.class)
public class InferenceMetrics implements InferenceMonitor {
    /** This monitor's name on the record stream. */
    static final String MONITOR_NAME = "metrics";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ModelRegistry registry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile RecordStreamStatus stream;

    private final PrometheusRegistry metrics = new PrometheusRegistry();
    private final InferenceCounters counters = new InferenceCounters(metrics);
    private final ComputeShares compute = new ComputeShares();
    private final Map<EnergyMeter, String> energyMeters = new ConcurrentHashMap<>();
    final EnergyMetrics energy = new EnergyMetrics(metrics, () -> energyMeters, compute);
    private ScheduledExecutorService sampler;

    public InferenceMetrics() {
        new RegistryMetrics(metrics, () -> registry);
        new BatchMetrics(metrics, () -> registry);
        new StreamMetrics(metrics, () -> stream);
        new MemoryMetrics(metrics);
    }

    @Activate
    void activate(MetricsConfig config) {
        int seconds = Math.max(1, Math.min(3600, config.energySampleSeconds()));
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "modelgate-energy-sampler");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleWithFixedDelay(this::sampleEnergy, 0, seconds, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        sampler.shutdownNow();
    }

    private void sampleEnergy() {
        try {
            energy.sample();
        } catch (RuntimeException e) { // a meter's bug must not end the sampling
            System.getLogger(InferenceMetrics.class.getName()).log(System.Logger.Level.WARNING, "energy sample failed", e);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addEnergyMeter(EnergyMeter meter, Map<String, Object> properties) {
        Object domain = properties.get(EnergyMeter.DOMAIN);
        energyMeters.put(meter, domain == null ? "" : domain.toString());
    }

    void removeEnergyMeter(EnergyMeter meter) {
        energyMeters.remove(meter);
    }

    @Override
    public void accept(InferenceRecord record) {
        counters.count(record);
        if (record.outcome() == InferenceRecord.Outcome.SUCCESS) {
            compute.add(record.model(), record.computeNanos());
        }
    }

    /** @return the registry the metrics live in, for the health metrics component */
    PrometheusRegistry registry() {
        return metrics;
    }

    /** @return every metric now */
    MetricSnapshots scrape() {
        return metrics.scrape();
    }
}
