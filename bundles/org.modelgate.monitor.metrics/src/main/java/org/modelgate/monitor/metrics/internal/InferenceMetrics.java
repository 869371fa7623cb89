package org.modelgate.monitor.metrics.internal;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import org.modelgate.api.ModelRegistry;
import org.modelgate.monitor.RecordStreamStatus;
import org.modelgate.spi.InferenceMonitor;
import org.modelgate.spi.InferenceRecord;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The gateway's metrics: a monitor on the record stream counting requests, plus what the registry, the record
 * stream and the process report at scrape time, all in one Prometheus registry of this bundle (never the client's
 * global default registry, which other bundles could share).
 */
@Component(service = { InferenceMonitor.class, InferenceMetrics.class },
        property = InferenceMonitor.NAME + "=" + InferenceMetrics.MONITOR_NAME)
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

    public InferenceMetrics() {
        new RegistryMetrics(metrics, () -> registry);
        new StreamMetrics(metrics, () -> stream);
        new MemoryMetrics(metrics);
    }

    @Override
    public void accept(InferenceRecord record) {
        counters.count(record);
    }

    /** @return every metric now */
    MetricSnapshots scrape() {
        return metrics.scrape();
    }
}
