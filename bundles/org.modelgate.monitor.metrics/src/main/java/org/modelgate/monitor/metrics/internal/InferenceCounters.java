package org.modelgate.monitor.metrics.internal;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.modelgate.spi.InferenceRecord;

/**
 * Request counters and latency histograms per model, version, backend and driver, from the record stream.
 *
 * <p>Triton's {@code nv_inference_request_success} and friends are counters without the {@code _total} suffix and
 * durations in microseconds; the Prometheus client (and {@code promtool check metrics}) want {@code _total} and
 * seconds, so these are their {@code modelgate_*} equivalents (docs in the bundle README).
 */
final class InferenceCounters {
    /** Histogram buckets, in seconds: 50 µs (a small tabular model) to 10 s (a large model on a slow device). */
    static final double[] LATENCY_BUCKETS = { 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
            0.1, 0.25, 0.5, 1, 2.5, 5, 10 };
    private static final String[] LABELS = { "model", "version", "backend", "driver" };
    private static final double NANOS_PER_SECOND = 1e9;

    private final Counter success;
    private final Counter failure;
    private final Histogram requestDuration;
    private final Histogram computeDuration;
    private Series last;

    InferenceCounters(PrometheusRegistry registry) {
        success = Counter.builder().name("modelgate_inference_request_success")
                .help("Inference requests served (Triton: nv_inference_request_success)").labelNames(LABELS)
                .withoutExemplars().register(registry);
        failure = Counter.builder().name("modelgate_inference_request_failure")
                .help("Inference requests that failed (Triton: nv_inference_request_failure); reason rejected: refused"
                        + " before running (bad input, version not loaded), failed: the model or backend failed")
                .labelNames("model", "version", "backend", "driver", "reason").withoutExemplars().register(registry);
        requestDuration = Histogram.builder().name("modelgate_inference_request_duration_seconds")
                .help("Time of a request in the core: checks and model run (Triton: nv_inference_request_duration_us)")
                .labelNames(LABELS).classicOnly().classicUpperBounds(LATENCY_BUCKETS).withoutExemplars()
                .register(registry);
        computeDuration = Histogram.builder().name("modelgate_inference_compute_duration_seconds")
                .help("Time of the model run alone (Triton: nv_inference_compute_infer_duration_us)").labelNames(LABELS)
                .classicOnly().classicUpperBounds(LATENCY_BUCKETS).withoutExemplars().register(registry);
    }

    /** Called on the metrics monitor's thread only. */
    void count(InferenceRecord record) {
        switch (record.outcome()) {
            case SUCCESS:
                Series series = series(record);
                series.success.inc();
                series.requestDuration.observe(record.latencyNanos() / NANOS_PER_SECOND);
                series.computeDuration.observe(record.computeNanos() / NANOS_PER_SECOND);
                break;
            case REJECTED:
                failure.labelValues(record.model(), record.version(), record.backend(), driver(record), "rejected").inc();
                break;
            default:
                failure.labelValues(record.model(), record.version(), record.backend(), driver(record), "failed").inc();
                break;
        }
    }

    /**
     * The data points of the record's labels: the last ones again when the record names the same model, version,
     * backend and driver objects (the core hands the same strings for every request on a version), else a lookup.
     */
    private Series series(InferenceRecord record) {
        Series last = this.last;
        if (last != null && last.model == record.model() && last.version == record.version()
                && last.backend == record.backend() && last.driver == record.driver()) {
            return last;
        }
        String driver = driver(record);
        Series found = new Series(record.model(), record.version(), record.backend(), record.driver(),
                success.labelValues(record.model(), record.version(), record.backend(), driver),
                requestDuration.labelValues(record.model(), record.version(), record.backend(), driver),
                computeDuration.labelValues(record.model(), record.version(), record.backend(), driver));
        this.last = found;
        return found;
    }

    private static String driver(InferenceRecord record) {
        return record.driver() == null ? "none" : record.driver();
    }

    private record Series(String model, String version, String backend, String driver, CounterDataPoint success,
            DistributionDataPoint requestDuration, DistributionDataPoint computeDuration) {
    }
}
