package org.modelgate.monitor.metrics.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

import org.modelgate.api.BatchStatistics;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelRegistry;

/**
 * {@code modelgate_batch_size}: the rows of each backend run of a model version that batches (model.json
 * {@code "batching"}), a histogram per model and version made at each scrape from the core's counts per batch size
 * ({@link ModelRegistry#batchStatistics}); one observation per run, as Triton's batch statistics count executions.
 */
final class BatchMetrics implements Collector {
    static final String NAME = "modelgate_batch_size";
    private static final double[] BOUNDS = { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, Double.POSITIVE_INFINITY };
    private final Supplier<ModelRegistry> models;

    BatchMetrics(PrometheusRegistry registry, Supplier<ModelRegistry> models) {
        this.models = models;
        registry.register(this);
    }

    @Override
    public String getPrometheusName() {
        return NAME;
    }

    @Override
    public MetricSnapshot collect() {
        List<HistogramSnapshot.HistogramDataPointSnapshot> points = new ArrayList<>();
        ModelRegistry now = models.get();
        if (now != null) {
            for (ModelInfo model : now.models()) {
                for (BatchStatistics stats : now.batchStatistics(model.name())) {
                    points.add(point(stats));
                }
            }
        }
        HistogramSnapshot.Builder histogram = HistogramSnapshot.builder().name(NAME)
                .help("Rows in each backend run of a model version that batches (model.json \"batching\"): one"
                        + " observation per run");
        points.forEach(histogram::dataPoint);
        return histogram.build();
    }

    private static HistogramSnapshot.HistogramDataPointSnapshot point(BatchStatistics stats) {
        long[] counts = new long[BOUNDS.length]; // per bucket, not cumulative: the client adds them up
        double sum = 0;
        for (BatchStatistics.BatchSize size : stats.sizes()) {
            int bucket = 0;
            while (size.batchSize() > BOUNDS[bucket]) {
                bucket++;
            }
            counts[bucket] += size.executions();
            sum += (double) size.batchSize() * size.executions();
        }
        return HistogramSnapshot.HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS, counts)).sum(sum)
                .labels(Labels.of("model", stats.model(), "version", stats.version())).build();
    }
}
