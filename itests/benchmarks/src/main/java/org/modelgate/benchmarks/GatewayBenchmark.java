package org.modelgate.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.modelgate.api.InferenceRequest;
import org.modelgate.api.Tensor;
import org.modelgate.backend.onnxruntime.internal.OnnxRuntimeBackend;
import org.modelgate.core.internal.ModelRegistryService;

/** The real distribution as a process: boot to ready, memory with MiniLM loaded, REST against in-process, size. */
final class GatewayBenchmark {
    private final Path distribution;
    private final int rounds;
    private final int block;

    GatewayBenchmark(Path distribution, int rounds, int block) {
        this.distribution = distribution;
        this.rounds = rounds;
        this.block = block;
    }

    String bootTimes(int boots) throws Exception {
        List<Long> times = new ArrayList<>();
        try (GatewayProcess gateway = GatewayProcess.copyOf(distribution)) {
            for (int i = 0; i < boots; i++) {
                times.add(gateway.start("", Demo.NAME));
                gateway.stop();
            }
        }
        long[] warm = times.stream().skip(1).mapToLong(Long::longValue).sorted().toArray();
        return String.format(Locale.ROOT, "| boot to ready, demo model loaded (first boot, empty cache) | %d ms |%n"
                + "| boot to ready, demo model loaded (median of %d later boots; all: %s) | %d ms |%n",
                times.get(0), warm.length, times.stream().skip(1).map(String::valueOf).collect(Collectors.joining(", ")),
                warm[warm.length / 2]);
    }

    /**
     * Boots per variant, interleaved (A B C A B C ...), each variant on its own copy of the distribution: wall time to
     * ready and the CPU time (user + system) the JVM used until then, which load on a shared machine disturbs less.
     * Variants: {@code name=JAVA_OPTS;name=JAVA_OPTS} ({@code -Dboot.variants}); the first boot of each is listed apart.
     * {@code -Dboot.homes=name=folder;...} boots a variant from a copy of another distribution folder (default: the
     * built one), e.g. one with other start orders in its {@code system/features}.
     */
    String bootVariants(String variants, String homes, int boots) throws Exception {
        Map<String, String> named = namedValues(variants);
        Map<String, String> distributions = namedValues(homes);
        Map<String, GatewayProcess> gateways = new java.util.LinkedHashMap<>();
        Map<String, List<long[]>> samples = new java.util.LinkedHashMap<>();
        StringBuilder out = new StringBuilder("| variant (JAVA_OPTS) | first boot: wall, CPU | later boots: median wall | median CPU | all later boots (wall/CPU ms) | median load average |\n|---|---|---|---|---|---|\n");
        try {
            for (String name : named.keySet()) {
                String home = distributions.get(name);
                gateways.put(name, GatewayProcess.copyOf(home == null ? distribution : Path.of(home).toAbsolutePath()));
                samples.put(name, new ArrayList<>());
            }
            for (int i = 0; i < boots; i++) {
                for (Map.Entry<String, String> variant : named.entrySet()) {
                    GatewayProcess gateway = gateways.get(variant.getKey());
                    long wall = gateway.start(variant.getValue(), Demo.NAME);
                    long cpu = gateway.cpuMillis();
                    gateway.stop();
                    double load = Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
                    samples.get(variant.getKey()).add(new long[] { wall, cpu, Math.round(load * 100) });
                }
            }
        } finally {
            for (GatewayProcess gateway : gateways.values()) {
                gateway.close();
            }
        }
        for (Map.Entry<String, List<long[]>> entry : samples.entrySet()) {
            List<long[]> all = entry.getValue();
            List<long[]> later = all.subList(1, all.size());
            out.append(String.format(Locale.ROOT, "| %s (`%s`) | %d, %d ms | %d ms | %d ms | %s | %.2f |%n", entry.getKey(),
                    named.get(entry.getKey()), all.get(0)[0], all.get(0)[1], median(later, 0), median(later, 1),
                    later.stream().map(s -> s[0] + "/" + s[1]).collect(Collectors.joining(", ")), median(later, 2) / 100.0));
        }
        return out.toString();
    }

    /** {@code a=x;b=y} as an ordered map (empty for null or blank). */
    private static Map<String, String> namedValues(String list) {
        Map<String, String> named = new java.util.LinkedHashMap<>();
        if (list == null || list.isBlank()) {
            return named;
        }
        for (String entry : list.split(";")) {
            int eq = entry.indexOf('=');
            named.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return named;
    }

    private static long median(List<long[]> samples, int index) {
        long[] sorted = samples.stream().mapToLong(s -> s[index]).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    String memory(String javaOpts) throws Exception {
        try (GatewayProcess gateway = GatewayProcess.copyOf(distribution)) {
            BenchSigner.signInto(gateway.home,
                    MiniLm.install(gateway.home.resolve("models"), "minilm-int8", MiniLm.INT8, InProcessBenchmark.THREADS_1).getParent());
            if (!Boolean.getBoolean("memory.firstBoot")) { // a later boot, as a gateway runs after its first start
                gateway.start(javaOpts, Demo.NAME, "minilm-int8");
                gateway.stop();
            }
            gateway.start(javaOpts, Demo.NAME, "minilm-int8");
            byte[] body = miniLmJson(128);
            for (int i = 0; i < 300; i++) {
                gateway.post("/v2/models/minilm-int8/infer", body);
            }
            long[] samples = new long[5];
            for (int i = 0; i < samples.length; i++) {
                Thread.sleep(400);
                samples[i] = gateway.rssKiB();
            }
            long rss = LongStream.of(samples).sorted().toArray()[samples.length / 2];
            String breakdown = System.getProperty("memory.breakdown");
            if (breakdown != null && !breakdown.isBlank()) { // where the memory goes: NMT (needs -XX:NativeMemoryTracking=summary), mappings, threads
                Files.writeString(Path.of(breakdown), "RSS " + rss + " KiB, JAVA_OPTS " + javaOpts + "\n\n"
                        + gateway.inspect("jcmd", "{pid}", "VM.native_memory", "summary") + "\n\n"
                        + gateway.inspect("pmap", "-x", "{pid}") + "\n\n"
                        + gateway.inspect("jcmd", "{pid}", "Thread.print"));
            }
            return String.format(Locale.ROOT, "| process RSS, MiniLM int8 + demo loaded, 300 requests served, JAVA_OPTS=`%s` | %.1f MiB |%n",
                    javaOpts, rss / 1024.0);
        }
    }

    String restVersusInProcess(Path work) throws Exception {
        Path repository = work.resolve("inprocess-models");
        MiniLm.install(repository, "minilm-int8", MiniLm.INT8, InProcessBenchmark.THREADS_1);
        Demo.install(distribution, repository, InProcessBenchmark.THREADS_1);
        ModelRegistryService registry = new ModelRegistryService();
        Components.bind(registry, "addBackend", Components.construct(OnnxRuntimeBackend.class, InProcessBenchmark.BACKEND_THREADS_1), Map.of("service.id", 1L));
        Components.activate(registry, Map.of("repository", repository.toString(), "autoload", false));
        registry.load("minilm-int8");
        registry.load(Demo.NAME);

        ReportTable table = new ReportTable("in-process", "OIP REST");
        try (GatewayProcess gateway = GatewayProcess.copyOf(distribution)) {
            BenchSigner.signInto(gateway.home,
                    MiniLm.install(gateway.home.resolve("models"), "minilm-int8", MiniLm.INT8, InProcessBenchmark.THREADS_1).getParent());
            BenchSigner.signInto(gateway.home,
                    Demo.install(distribution, gateway.home.resolve("models"), InProcessBenchmark.THREADS_1).getParent());
            gateway.start(System.getProperty("rest.opts", ""), Demo.NAME, "minilm-int8"); // the gateway's JAVA_OPTS

            String input = registry.model(Demo.NAME).orElseThrow().inputs().get(0).name();
            byte[] irisJson = ("{\"inputs\":[{\"name\":\"" + input + "\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":"
                    + Arrays.toString(Demo.SAMPLE) + "}]}").getBytes(StandardCharsets.UTF_8);
            InferenceRequest irisRequest = InferenceRequest.of(Tensor.ofFloats(input, new long[] { 1, 4 }, Demo.SAMPLE));
            try (KeepAliveHttpClient client = new KeepAliveHttpClient(gateway.port)) {
                String irisPath = "/v2/models/" + Demo.NAME + "/infer";
                LatencySamples[] iris = Interleaved.run(500, rounds, block,
                        () -> registry.infer(Demo.NAME, irisRequest),
                        () -> client.post(irisPath, irisJson),
                        () -> gateway.post(irisPath, irisJson));
                table.row("demo iris classifier (4 floats in, 3 out), keep-alive HTTP/1.1 client", iris[0], iris[1]);
                table.row("demo iris classifier, JDK HttpClient (its own cost included)", iris[0], iris[2]);

                byte[] miniJson = miniLmJson(32);
                InferenceRequest miniRequest = miniLmRequest(32);
                LatencySamples[] mini = Interleaved.run(100, rounds, block,
                        () -> registry.infer("minilm-int8", miniRequest),
                        () -> client.post("/v2/models/minilm-int8/infer", miniJson));
                table.row("MiniLM int8 seq 32 (96 int64 in, 12288 floats out as JSON text)", mini[0], mini[1]);
            }
        }
        return table.toString();
    }

    String size() throws Exception {
        long unpacked = GatewayProcess.treeBytes(distribution);
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(distribution.getParent())) {
            for (Path archive : files.filter(p -> p.getFileName().toString().endsWith(".tar.gz")).toList()) {
                out.append(String.format(Locale.ROOT, "| distribution archive %s | %.1f MiB |%n", archive.getFileName(),
                        Files.size(archive) / 1048576.0));
            }
        }
        out.append(String.format(Locale.ROOT, "| distribution unpacked (%s) | %.1f MiB |%n", distribution.getFileName(),
                unpacked / 1048576.0));
        return out.toString();
    }

    static InferenceRequest miniLmRequest(int seq) {
        long[] shape = { 1, seq };
        long[] mask = new long[seq];
        Arrays.fill(mask, 1);
        return InferenceRequest.of(Tensor.ofLongs("input_ids", shape, MiniLm.tokenIds(seq, seq)),
                Tensor.ofLongs("attention_mask", shape, mask), Tensor.ofLongs("token_type_ids", shape, new long[seq]));
    }

    static byte[] miniLmJson(int seq) {
        long[] mask = new long[seq];
        Arrays.fill(mask, 1);
        return ("{\"inputs\":[" + longs("input_ids", MiniLm.tokenIds(seq, seq)) + "," + longs("attention_mask", mask) + ","
                + longs("token_type_ids", new long[seq]) + "]}").getBytes(StandardCharsets.UTF_8);
    }

    private static String longs(String name, long[] values) {
        return "{\"name\":\"" + name + "\",\"shape\":[1," + values.length + "],\"datatype\":\"INT64\",\"data\":"
                + Arrays.toString(values) + "}";
    }
}
