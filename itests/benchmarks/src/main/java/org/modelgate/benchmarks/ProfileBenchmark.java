package org.modelgate.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.modelgate.accel.cpu.internal.CpuDriver;
import org.modelgate.accel.sample.npu.internal.AcmeNpuDriver;
import org.modelgate.api.ProfileMeasurement;
import org.modelgate.api.ProfileReport;
import org.modelgate.api.ProfileRequest;
import org.modelgate.backend.onnxruntime.internal.OnnxRuntimeBackend;
import org.modelgate.core.internal.ModelRegistryService;

/**
 * {@code -Dbench=profile}: what {@code mg:profile} measures, for the demo iris model (when the distribution has it)
 * and MiniLM int8, in-process: the onnxruntime backend with the cpu driver and the sample NPU driver (its device
 * faked in a file), each at 1, 2 and all cores. Prints the Markdown tables for docs/benchmarks.md.
 */
final class ProfileBenchmark {
    private final int runs;

    ProfileBenchmark(int runs) {
        this.runs = runs;
    }

    String run(Path work, Path distribution) throws Exception {
        Path repository = work.resolve("profile-models");
        Path minilm = MiniLm.install(repository, "minilm-int8", MiniLm.INT8, "{}");
        boolean iris = Files.isDirectory(distribution.resolve("models").resolve(Demo.NAME));
        if (iris) {
            Demo.install(distribution, repository, "{}");
        }
        Path device = Files.writeString(work.resolve("fake-npu0"), "firmware=2.1.0\nmemoryMB=512\n");

        ModelRegistryService registry = new ModelRegistryService();
        Components.bind(registry, "addBackend", Components.construct(OnnxRuntimeBackend.class, Map.of()),
                Map.of("service.id", 1L));
        Components.bind(registry, "addDriver", Components.construct(CpuDriver.class, Map.of()), Map.of("service.id", 2L));
        Components.bind(registry, "addDriver", Components.construct(AcmeNpuDriver.class, Map.of("device", device.toString())),
                Map.of("service.id", 3L));
        Components.activate(registry, Map.of("repository", repository.toString(), "autoload", false));
        StringBuilder out = new StringBuilder();
        for (String model : iris ? List.of(Demo.NAME, "minilm-int8") : List.of("minilm-int8")) {
            registry.load(model);
            if (model.startsWith("minilm")) {
                withSample(registry, minilm.resolveSibling("model.json"), SEQUENCE);
            }
            ProfileReport report = registry.profile(model, ProfileRequest.ofRuns(runs), (done, total, step) -> { });
            out.append(table(report));
        }
        if (!iris) {
            out.append("(demo model skipped: ").append(distribution).append(" has no models/").append(Demo.NAME).append(")\n");
        }
        return out.toString();
    }

    /** MiniLM's sample: one sequence of this many tokens (without a sample, profiling would run zeros of length 1). */
    static final int SEQUENCE = 128;

    /** Adds a golden sample, its expected output what the model gives now: profiling runs it on every candidate. */
    private static void withSample(ModelRegistryService registry, Path modelJson, int sequence) throws java.io.IOException {
        long[] shapeOf = { 1, sequence };
        long[] tokenIds = MiniLm.tokenIds(sequence, sequence);
        long[] mask = new long[sequence];
        java.util.Arrays.fill(mask, 1);
        org.modelgate.api.Tensor output = registry.infer("minilm-int8", org.modelgate.api.InferenceRequest.of(
                org.modelgate.api.Tensor.ofLongs("input_ids", shapeOf, tokenIds),
                org.modelgate.api.Tensor.ofLongs("attention_mask", shapeOf, mask),
                org.modelgate.api.Tensor.ofLongs("token_type_ids", shapeOf, new long[sequence]))).outputs().get(0);
        String expected = ",\"outputs\":[{\"name\":\"" + output.name() + "\",\"data\":"
                + java.util.Arrays.toString(output.toFloatArray()) + "}],\"tolerance\":0.01";
        String ids = java.util.Arrays.toString(MiniLm.tokenIds(sequence, sequence));
        String ones = java.util.Arrays.toString(java.util.Collections.nCopies(sequence, 1).toArray());
        String zeros = java.util.Arrays.toString(java.util.Collections.nCopies(sequence, 0).toArray());
        String shape = "\"shape\":[1," + sequence + "]";
        String golden = ",\"golden\":[{\"inputs\":[{\"name\":\"input_ids\",\"datatype\":\"INT64\"," + shape + ",\"data\":" + ids
                + "},{\"name\":\"attention_mask\",\"datatype\":\"INT64\"," + shape + ",\"data\":" + ones
                + "},{\"name\":\"token_type_ids\",\"datatype\":\"INT64\"," + shape + ",\"data\":" + zeros + "}]" + expected + "}]}";
        String json = Files.readString(modelJson).trim();
        Files.writeString(modelJson, json.substring(0, json.lastIndexOf('}')) + golden);
    }

    static String table(ProfileReport report) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n%s %s, %d timed runs per candidate, %s, %d cores%n%n", report.model(),
                report.version(), report.runs(), LocalDate.now(), Runtime.getRuntime().availableProcessors()));
        out.append("| backend | driver | threads | load ms | p50 ms | p99 ms | req/s | mem MiB |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (ProfileMeasurement m : report.measurements()) {
            String driver = m.driver() == null ? "defaults" : m.driver();
            out.append(m.ok() ? String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.3f | %.3f | %.0f | %s |%n", m.backend(),
                    driver, m.threads(), m.loadMillis(), m.p50Millis(), m.p99Millis(), m.throughput(),
                    m.memoryMiB() == null ? "-" : String.format(Locale.ROOT, "%.1f", m.memoryMiB()))
                    : String.format(Locale.ROOT, "| %s | %s | %d | failed: %s | | | | |%n", m.backend(), driver, m.threads(),
                            m.failure()));
        }
        out.append("\n").append(report.outcome()).append("\n");
        return out.toString();
    }
}
