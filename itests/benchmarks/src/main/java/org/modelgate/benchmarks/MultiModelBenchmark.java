package org.modelgate.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.modelgate.api.InferenceRequest;
import org.modelgate.backend.onnxruntime.internal.OnnxRuntimeBackend;
import org.modelgate.backend.onnxruntime.internal.Threading;
import org.modelgate.core.internal.ModelRegistryService;

/**
 * Many models, one device: two models in one process, each its own ONNX Runtime session, served through the
 * real registry and backend. Workload A sends every request to one model; workload B moves the traffic from
 * one model to the other every burst of requests, as real traffic moves. Each threading mode serves both
 * workloads, all interleaved in blocks (with a pause between blocks, so that no mode's idle threads spin into
 * the next block); B against A in the same mode is what moving traffic costs.
 *
 * <p>The global pools' spinning is fixed once per process, so {@link #run} runs this in child JVMs, one per
 * setting, alternating: the per-session modes are measured in every process and serve as the common reference.
 */
final class MultiModelBenchmark {
    private static final String A = "model-a";
    private static final String B = "model-b";

    /** One way of giving sessions their threads. */
    private record Mode(String label, Threading threading, boolean allowSpinning) {
    }

    /** The measurements of one mode. */
    private static final class Side {
        final Mode mode;
        final ModelRegistryService registry;
        final LatencySamples one = new LatencySamples();
        final LatencySamples alternating = new LatencySamples();
        final LatencySamples afterSwitch = new LatencySamples();

        Side(Mode mode, ModelRegistryService registry) {
            this.mode = mode;
            this.registry = registry;
        }
    }

    private final int threads = Integer.getInteger("multimodel.threads", Runtime.getRuntime().availableProcessors());
    private final int burst = Integer.getInteger("multimodel.burst", 10);
    private final int bursts = Integer.getInteger("multimodel.bursts", 6);
    private final int rounds = Integer.getInteger("multimodel.rounds", 20);
    private final long pauseMillis = Long.getLong("multimodel.pause", 100);
    private final int[] sequences = parseInts(System.getProperty("multimodel.seq", "32,128"));
    private double sink;

    /** Runs the comparison in child JVMs, the global pools spinning in the first, not in the second, and so on. */
    static String run() throws Exception {
        int processes = Integer.getInteger("multimodel.processes", 2);
        StringBuilder out = new StringBuilder();
        for (int p = 0; p < processes; p++) {
            boolean spinning = p % 2 == 0;
            out.append(ChildJvm.run(List.of("-Xmx1g", "-Dmultimodel.globalSpinning=" + spinning), Map.of(), "multimodel-process"));
        }
        return out.toString();
    }

    /** One process: the global pools spin or not as {@code multimodel.globalSpinning} says. */
    String runHere(Path work) throws Exception {
        Quiet.logging();
        boolean globalSpinning = Boolean.parseBoolean(System.getProperty("multimodel.globalSpinning", "true"));
        List<Mode> modes = List.of(
                new Mode("global pools, spinning " + (globalSpinning ? "on" : "off"), Threading.GLOBAL, globalSpinning),
                new Mode("per-session pools, spinning on", Threading.PER_SESSION, true),
                new Mode("per-session pools, spinning off", Threading.PER_SESSION, false));
        List<Side> sides = new ArrayList<>();
        for (Mode mode : modes) { // the GLOBAL backend first: it creates ONNX Runtime's environment, with its pools
            sides.add(new Side(mode, registry(work.resolve("multimodel-" + sides.size()), mode)));
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%nMulti-model: MiniLM int8 twice (two sessions), %d intra-op threads, bursts of %d requests, %d measured "
                        + "bursts per block, %d rounds, %d ms pause between blocks%n",
                threads, burst, bursts, rounds, pauseMillis));
        for (int seq : sequences) {
            out.append(measure(sides, seq));
        }
        for (Side side : sides) {
            side.registry.unload(A);
            side.registry.unload(B);
        }
        return out.append("(checksum ").append(sink).append(")\n").toString();
    }

    private ModelRegistryService registry(Path repository, Mode mode) throws Exception {
        MiniLm.install(repository, A, MiniLm.INT8, "{}");
        MiniLm.install(repository, B, MiniLm.INT8, "{}");
        OnnxRuntimeBackend backend = Components.construct(OnnxRuntimeBackend.class, Map.of("intraOpThreads", threads,
                "interOpThreads", 1, "allowSpinning", mode.allowSpinning(), "threading", mode.threading()));
        ModelRegistryService registry = new ModelRegistryService();
        Components.bind(registry, "addBackend", backend, Map.of("service.id", 1L));
        Components.activate(registry, Map.of("repository", repository.toString(), "autoload", false));
        registry.load(A);
        registry.load(B);
        return registry;
    }

    private String measure(List<Side> all, int seq) throws Exception {
        List<Side> sides = new ArrayList<>();
        for (Side side : all) {
            sides.add(new Side(side.mode, side.registry));
        }
        InferenceRequest request = GatewayBenchmark.miniLmRequest(seq);
        for (Side side : sides) { // warm-up
            for (int i = 0; i < 100; i++) {
                serve(side.registry, i % 20 < 10 ? A : B, request);
            }
        }
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < sides.size() * 2; k++) {
                int index = round % 2 == 0 ? k : sides.size() * 2 - 1 - k;
                Side side = sides.get(index / 2);
                boolean alternating = index % 2 == 1; // reversed rounds swap A and B within a mode too
                Thread.sleep(pauseMillis);
                block(side, alternating, request);
            }
        }
        return table(sides, seq);
    }

    /** One block: a burst that is not measured (it follows the pause), then measured bursts. */
    private void block(Side side, boolean alternating, InferenceRequest request) {
        for (int b = 0; b <= bursts; b++) {
            String model = alternating && b % 2 == 0 ? B : A;
            for (int i = 0; i < burst; i++) {
                long start = System.nanoTime();
                serve(side.registry, model, request);
                long elapsed = System.nanoTime() - start;
                if (b == 0) {
                    continue;
                }
                if (alternating) {
                    side.alternating.add(elapsed);
                    if (i < 3) {
                        side.afterSwitch.add(elapsed);
                    }
                } else {
                    side.one.add(elapsed);
                }
            }
        }
    }

    private void serve(ModelRegistryService registry, String model, InferenceRequest request) {
        sink += registry.infer(model, request).outputs().get(0).elementCount();
    }

    private String table(List<Side> sides, int seq) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%nMiniLM int8 seq %d:%n%n", seq));
        out.append("| threading | A: one model p50 ms | B: alternating p50 ms | B/A p50 | A mean ms | B mean ms | B/A mean "
                + "| A p99 ms | B p99 ms | B/A p99 | B, first 3 after a switch p50 ms (x A p50) | A p50 vs per-session spinning A |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        double reference = sides.get(1).one.percentileMillis(50);
        for (Side side : sides) {
            double a50 = side.one.percentileMillis(50);
            double b50 = side.alternating.percentileMillis(50);
            double a99 = side.one.percentileMillis(99);
            double b99 = side.alternating.percentileMillis(99);
            double aMean = side.one.meanMillis();
            double bMean = side.alternating.meanMillis();
            double first = side.afterSwitch.percentileMillis(50);
            out.append(String.format(Locale.ROOT,
                    "| %s | %.3f | %.3f | x%.3f | %.3f | %.3f | x%.3f | %.3f | %.3f | x%.3f | %.3f (x%.2f) | x%.3f |%n",
                    side.mode.label(), a50, b50, b50 / a50, aMean, bMean, bMean / aMean, a99, b99, b99 / a99, first,
                    first / a50, a50 / reference));
        }
        return out.toString();
    }

    private static int[] parseInts(String text) {
        String[] parts = text.split(",");
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Integer.parseInt(parts[i].trim());
        }
        return values;
    }
}
