package org.modelgate.monitor.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.Tensor;
import org.modelgate.api.VersionEvent;
import org.modelgate.spi.EnergyMeter;
import org.modelgate.spi.EnergyReading;
import org.modelgate.spi.InferenceRecord;

/** What /metrics says after records of served, rejected and failed requests. */
class InferenceMetricsTest {
    @TempDir
    Path folder;
    private final InferenceMetrics metrics = new InferenceMetrics();

    @Test
    void requestsAreCountedPerModelVersionBackendAndDriver() throws IOException {
        givenRecords("iris", "1.0.0", InferenceRecord.Outcome.SUCCESS, 3, 200_000);
        givenRecords("iris", "1.1.0", InferenceRecord.Outcome.SUCCESS, 2, 2_000_000);
        givenRecords("iris", "1.1.0", InferenceRecord.Outcome.REJECTED, 1, 10_000);
        givenRecords("iris", "1.1.0", InferenceRecord.Outcome.FAILED, 4, 10_000);

        String text = whenScraped();

        assertThat(text).contains(
                "modelgate_inference_request_success_total{backend=\"onnxruntime\",driver=\"cpu\",model=\"iris\",version=\"1.0.0\"} 3.0",
                "modelgate_inference_request_success_total{backend=\"onnxruntime\",driver=\"cpu\",model=\"iris\",version=\"1.1.0\"} 2.0",
                "modelgate_inference_request_failure_total{backend=\"onnxruntime\",driver=\"cpu\",model=\"iris\",reason=\"rejected\",version=\"1.1.0\"} 1.0",
                "modelgate_inference_request_failure_total{backend=\"onnxruntime\",driver=\"cpu\",model=\"iris\",reason=\"failed\",version=\"1.1.0\"} 4.0",
                // 200 µs falls in the 250 µs bucket, 2 ms in the 2.5 ms one
                "modelgate_inference_request_duration_seconds_bucket{backend=\"onnxruntime\",driver=\"cpu\",model=\"iris\",version=\"1.0.0\",le=\"2.5E-4\"} 3",
                "modelgate_inference_request_duration_seconds_bucket{backend=\"onnxruntime\",driver=\"cpu\",model=\"iris\",version=\"1.1.0\",le=\"0.001\"} 0",
                "modelgate_inference_request_duration_seconds_bucket{backend=\"onnxruntime\",driver=\"cpu\",model=\"iris\",version=\"1.1.0\",le=\"0.0025\"} 2",
                "modelgate_inference_request_duration_seconds_count{backend=\"onnxruntime\",driver=\"cpu\",model=\"iris\",version=\"1.1.0\"} 2",
                "# TYPE process_resident_memory_bytes gauge",
                "jvm_memory_used_bytes{area=\"heap\"}");
    }

    @Test
    void modelStateAndVersionEventsComeFromTheRegistry() throws IOException {
        metrics.registry = new ModelHistoryRegistry("iris", "1.1.0", org.modelgate.api.ModelState.READY,
                VersionEvent.Kind.INSTALLED, VersionEvent.Kind.TRIAL, VersionEvent.Kind.COMMITTED,
                VersionEvent.Kind.INSTALLED, VersionEvent.Kind.TRIAL, VersionEvent.Kind.ROLLED_BACK);

        String text = whenScraped();

        assertThat(text).contains(
                "modelgate_model_state{backend=\"onnxruntime\",model=\"iris\",state=\"ready\",version=\"1.1.0\"} 1.0",
                "modelgate_model_version_events_total{kind=\"trial\",model=\"iris\"} 2.0",
                "modelgate_model_version_events_total{kind=\"committed\",model=\"iris\"} 1.0",
                "modelgate_model_version_events_total{kind=\"rolled_back\",model=\"iris\"} 1.0",
                "modelgate_model_version_events_total{kind=\"crashed\",model=\"iris\"} 0.0");
    }

    @Test
    void theExpositionPassesPromtool() throws Exception {
        givenRecords("iris", "1.0.0", InferenceRecord.Outcome.SUCCESS, 3, 200_000);
        givenRecords("iris", "1.0.0", InferenceRecord.Outcome.FAILED, 1, 200_000);
        metrics.registry = new ModelHistoryRegistry("iris", "1.0.0", org.modelgate.api.ModelState.READY,
                VersionEvent.Kind.INSTALLED, VersionEvent.Kind.TRIAL, VersionEvent.Kind.COMMITTED);
        Path scraped = Files.writeString(folder.resolve("metrics.txt"), whenScraped());

        Promtool.assertValid(scraped);
    }

    @Test
    void batchSizesOfAVersionThatBatchesAreAHistogramOfItsRuns() throws Exception {
        ModelHistoryRegistry registry = new ModelHistoryRegistry("minilm", "1.0.0", org.modelgate.api.ModelState.READY);
        registry.batches = List.of(new org.modelgate.api.BatchStatistics("minilm", "1.0.0", 16, 40, 1_000_000, List.of(
                new org.modelgate.api.BatchStatistics.BatchSize(1, 4, 100), new org.modelgate.api.BatchStatistics.BatchSize(3, 2, 100),
                new org.modelgate.api.BatchStatistics.BatchSize(16, 2, 100))));
        metrics.registry = registry;

        String text = whenScraped();

        assertThat(text).contains("# TYPE modelgate_batch_size histogram",
                "modelgate_batch_size_bucket{model=\"minilm\",version=\"1.0.0\",le=\"1.0\"} 4",
                "modelgate_batch_size_bucket{model=\"minilm\",version=\"1.0.0\",le=\"2.0\"} 4",
                "modelgate_batch_size_bucket{model=\"minilm\",version=\"1.0.0\",le=\"4.0\"} 6",
                "modelgate_batch_size_bucket{model=\"minilm\",version=\"1.0.0\",le=\"16.0\"} 8",
                "modelgate_batch_size_count{model=\"minilm\",version=\"1.0.0\"} 8",
                "modelgate_batch_size_sum{model=\"minilm\",version=\"1.0.0\"} 42.0");
        Promtool.assertValid(Files.writeString(folder.resolve("batches.txt"), text));
    }

    @Test
    void requestsInsideAModelArePending() throws IOException {
        ModelHistoryRegistry registry = new ModelHistoryRegistry("iris", "1.0.0", org.modelgate.api.ModelState.READY);
        registry.inFlight = 3;
        metrics.registry = registry;

        assertThat(whenScraped()).contains("modelgate_inference_pending_requests{model=\"iris\"} 3.0");
    }

    @Test
    void energyIsSharedAmongModelsByComputeTime() throws Exception {
        CountingMeter cpu = new CountingMeter("rapl package-0");
        metrics.addEnergyMeter(cpu, Map.of(EnergyMeter.DOMAIN, "package"));
        metrics.addEnergyMeter(new BrokenMeter(), Map.of());
        cpu.at(100.0, 0);
        metrics.energy.sample();
        // 10 s later the package used 30 J; iris ran 3 x 1 ms, mnist 1 x 3 ms: each model half of the compute time
        givenComputed("iris", 3, 1_000_000);
        givenComputed("mnist", 1, 3_000_000);
        cpu.at(130.0, 10_000_000_000L);
        metrics.energy.sample();

        String text = whenScraped();

        assertThat(text).contains("modelgate_energy_joules_total{domain=\"package\",meter=\"rapl package-0\"} 130.0",
                "modelgate_energy_power_watts{domain=\"package\",meter=\"rapl package-0\"} 3.0",
                "modelgate_energy_joules_per_inference{model=\"iris\"} 5.0",
                "modelgate_energy_joules_per_inference{model=\"mnist\"} 15.0",
                "modelgate_energy_meter_up{domain=\"package\",meter=\"rapl package-0\",reason=\"\"} 1.0",
                "modelgate_energy_meter_up{domain=\"\",meter=\"ina3221\",reason=\"in3_input is not readable: run as root\"} 0.0");
        assertThat(text).doesNotContain("modelgate_energy_joules_total{domain=\"\",meter=\"ina3221\"");
        Promtool.assertValid(Files.writeString(folder.resolve("energy.txt"), text));
    }

    @Test
    void withoutReadableMetersThereIsNoPowerNorJoulesPerInference() throws IOException {
        metrics.addEnergyMeter(new BrokenMeter(), Map.of());
        metrics.energy.sample();
        givenComputed("iris", 3, 1_000_000);
        metrics.energy.sample();

        assertThat(whenScraped()).doesNotContain("modelgate_energy_power_watts{", "modelgate_energy_joules_per_inference{")
                .contains("modelgate_energy_meter_up{domain=\"\",meter=\"ina3221\"");
    }

    private void givenComputed(String model, int n, long computeNanos) {
        for (int i = 0; i < n; i++) {
            metrics.accept(new InferenceRecord(model, "1.0.0", "onnxruntime", "cpu", null, 0, computeNanos, computeNanos,
                    InferenceRecord.Outcome.SUCCESS, List.of(), null, 0));
        }
    }

    /** A meter whose counter the test sets. */
    private static final class CountingMeter implements EnergyMeter {
        private final String name;
        private volatile EnergyReading reading = EnergyReading.unavailable("not read yet");

        CountingMeter(String name) {
            this.name = name;
        }

        void at(double joules, long nanoTime) {
            reading = EnergyReading.of(joules, nanoTime + 1);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public EnergyReading read() {
            return reading;
        }
    }

    /** A meter that cannot read, as on a machine where only root may read the sensor. */
    private static final class BrokenMeter implements EnergyMeter {
        @Override
        public String name() {
            return "ina3221";
        }

        @Override
        public EnergyReading read() {
            return EnergyReading.unavailable("in3_input is not readable: run as root");
        }
    }

    @Test
    void residentMemoryComesFromProcStatusOrIsAbsent() throws IOException {
        Path status = Files.writeString(folder.resolve("status"), "Name:\tjava\nVmRSS:\t  123456 kB\nThreads:\t9\n");
        Path noRss = Files.writeString(folder.resolve("other"), "Name:\tjava\n");

        assertThat(MemoryMetrics.residentBytes(status)).hasValue(123456L * 1024);
        assertThat(MemoryMetrics.residentBytes(noRss)).isEmpty();
        assertThat(MemoryMetrics.residentBytes(folder.resolve("missing"))).isEmpty();
    }

    private void givenRecords(String model, String version, InferenceRecord.Outcome outcome, int n, long latencyNanos) {
        for (int i = 0; i < n; i++) {
            metrics.accept(new InferenceRecord(model, version, "onnxruntime", "cpu", null, 0, latencyNanos,
                    outcome == InferenceRecord.Outcome.REJECTED ? 0 : latencyNanos / 2, outcome,
                    List.of(Tensor.ofFloats("x", new long[] { 1, 4 }, 5.1f, 3.5f, 1.4f, 0.2f)), null, 3));
        }
    }

    private String whenScraped() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, metrics.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
