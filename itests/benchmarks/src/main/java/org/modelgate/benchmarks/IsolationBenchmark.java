package org.modelgate.benchmarks;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.ModelUnavailableException;
import org.modelgate.api.Tensor;
import org.modelgate.backend.onnxruntime.internal.OnnxRuntimeBackend;
import org.modelgate.core.internal.ModelRegistryService;
import org.modelgate.host.HostListener;
import org.modelgate.host.HostOptions;
import org.modelgate.host.HostedModel;
import org.modelgate.host.internal.PlainJvmModelHosts;
import org.modelgate.spi.ModelArtifact;

/**
 * {@code "isolation": "process"} against in-process serving of the same model through the core's InferenceService,
 * interleaved in one run (iris, MiniLM int8 seq 32 and 128, 1 intra-op thread on both sides); the extra activation
 * time of a sandboxed trial; and the time a serving host takes to serve again after it was killed (kill -9).
 */
final class IsolationBenchmark {
    private static final String COMPONENT = OnnxRuntimeBackend.class.getName();
    private final int rounds;
    private final int block;
    private double sink;

    IsolationBenchmark(int rounds, int block) {
        this.rounds = rounds;
        this.block = block;
    }

    String run(Path work, Path distribution) throws Exception {
        Path natives = extractNatives(work.resolve("ort-native"));
        List<String> hostJvm = new java.util.ArrayList<>(List.of("-XX:+UseSerialGC", "-Xss512k",
                "-Donnxruntime.native.path=" + natives));
        // -Dhost.jvmOptions="-XX:StartFlightRecording=..." (space-separated): extra options for the hosts, to profile them
        String extra = System.getProperty("host.jvmOptions", "").trim();
        if (!extra.isEmpty()) {
            hostJvm.addAll(List.of(extra.split("\\s+")));
        }
        Path repository = work.resolve("models");
        MiniLm.install(repository, "minilm", MiniLm.INT8, InProcessBenchmark.THREADS_1);
        isolated(MiniLm.install(repository, "minilm-process", MiniLm.INT8, InProcessBenchmark.THREADS_1));
        boolean iris = Files.isDirectory(distribution.resolve("models").resolve(Demo.NAME));
        if (iris) {
            Demo.install(distribution, repository, InProcessBenchmark.THREADS_1);
            Path irisProcess = repository.resolve("iris-process").resolve("1.0.0");
            Files.createDirectories(irisProcess);
            try (var files = Files.list(repository.resolve(Demo.NAME).resolve("1.0.0"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, irisProcess.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path json = irisProcess.resolve("model.json");
            Files.writeString(json, Files.readString(json).replace("\"name\":\"iris\"", "\"name\":\"iris-process\"")
                    .replace("\"name\": \"iris\"", "\"name\": \"iris-process\""));
            isolated(json.resolveSibling("model.onnx"));
        }
        StringBuilder out = new StringBuilder();
        try (PlainJvmModelHosts hosts = new PlainJvmModelHosts(work.resolve("hosts"), hostJvm)) {
            ModelRegistryService registry = registry(repository, hosts, false);
            registry.load("minilm");
            registry.load("minilm-process");
            ReportTable table = new ReportTable("in-process", "isolation process");
            for (int seq : new int[] {32, 128}) {
                InferenceRequest request = miniLm(seq);
                LatencySamples[] s = Interleaved.run(200, rounds, block, () -> consume(registry.infer("minilm", request)),
                        () -> consume(registry.infer("minilm-process", request)));
                table.row("MiniLM int8, seq " + seq, s[0], s[1]);
            }
            if (iris) {
                registry.load(Demo.NAME);
                registry.load("iris-process");
                String input = registry.model(Demo.NAME).orElseThrow().inputs().get(0).name();
                InferenceRequest request = InferenceRequest.of(Tensor.ofFloats(input, new long[] {1, 4}, Demo.SAMPLE));
                LatencySamples[] s = Interleaved.run(500, rounds, block, () -> consume(registry.infer(Demo.NAME, request)),
                        () -> consume(registry.infer("iris-process", request)));
                table.row("demo iris classifier", s[0], s[1]);
            }
            out.append(table);
            out.append(trialTimes(work, hosts));
            out.append(restartTimes(repository, hosts, hostJvm));
        }
        return out.append("(checksum of the outputs read: ").append(sink).append(")\n").toString();
    }

    private static ModelRegistryService registry(Path repository, PlainJvmModelHosts hosts, boolean sandboxTrials)
            throws Exception {
        ModelRegistryService registry = new ModelRegistryService();
        OnnxRuntimeBackend backend = Components.construct(OnnxRuntimeBackend.class, InProcessBenchmark.BACKEND_THREADS_1);
        Map<String, Object> properties = new HashMap<>(InProcessBenchmark.BACKEND_THREADS_1);
        properties.put("service.id", 1L);
        properties.put("component.name", COMPONENT);
        properties.put("modelgate.backend.name", "onnxruntime");
        Components.bind(registry, "addBackend", backend, properties);
        Components.bind1(registry, "setModelHosts", hosts);
        Components.activate(registry, Map.of("repository", repository.toString(), "autoload", false,
                "sandboxTrials", sandboxTrials));
        return registry;
    }

    /** Activation of a new MiniLM version with its trial sandboxed in a host first, against without. */
    private String trialTimes(Path work, PlainJvmModelHosts hosts) throws Exception {
        int loads = Integer.getInteger("trials", 5);
        List<Long> sandboxed = new ArrayList<>();
        List<Long> plain = new ArrayList<>();
        Path withSandbox = work.resolve("trial-sandboxed");
        Path without = work.resolve("trial-plain");
        ModelRegistryService a = registry(withSandbox, hosts, true);
        ModelRegistryService b = registry(without, hosts, false);
        for (int i = 0; i < loads; i++) {
            for (boolean sandbox : new boolean[] {i % 2 == 0, i % 2 != 0}) {
                ModelRegistryService registry = sandbox ? a : b;
                String name = "trial-" + i;
                MiniLm.install(sandbox ? withSandbox : without, name, MiniLm.INT8, InProcessBenchmark.THREADS_1);
                long start = System.nanoTime();
                registry.load(name);
                (sandbox ? sandboxed : plain).add((System.nanoTime() - start) / 1_000_000);
                registry.unload(name);
            }
        }
        long s = median(sandboxed);
        long p = median(plain);
        return String.format(Locale.ROOT, "%n| activation of a new MiniLM int8 version | ms (median of %d) |%n|---|---|%n"
                + "| trial in-process only (sandboxTrials=false) | %d (all: %s) |%n"
                + "| trial sandboxed in a model host first (default) | %d (all: %s) |%n"
                + "| extra time of the sandboxed trial | +%d |%n", loads, p, plain, s, sandboxed, s - p);
    }

    /** A serving host killed with kill -9: time until the model answers again from a new host. */
    private String restartTimes(Path repository, PlainJvmModelHosts hosts, List<String> hostJvm) throws Exception {
        OnnxRuntimeBackend backend = Components.construct(OnnxRuntimeBackend.class, InProcessBenchmark.BACKEND_THREADS_1);
        Map<String, Object> properties = new HashMap<>(InProcessBenchmark.BACKEND_THREADS_1);
        properties.put("component.name", COMPONENT);
        ModelArtifact artifact = new ModelArtifact("minilm", "1.0.0", "onnx",
                repository.resolve("minilm").resolve("1.0.0").resolve("model.onnx"), Map.of("intraOpThreads", "1"));
        HostOptions options = new HostOptions(true, 1000, 1, 30_000, HostListener.NONE);
        InferenceRequest request = miniLm(32);
        List<Long> times = new ArrayList<>();
        long rss;
        try (HostedModel model = hosts.load(backend, properties, artifact, options)) {
            for (int i = 0; i < 50; i++) {
                model.run(request.inputs(), Set.of());
            }
            rss = model.residentBytes();
            for (int i = 0; i < Integer.getInteger("restarts", 5); i++) {
                model.run(request.inputs(), Set.of());
                long pid = model.pid();
                long start = System.nanoTime();
                ProcessHandle.of(pid).orElseThrow().destroyForcibly();
                while (true) {
                    try {
                        if (model.pid() != pid && model.pid() > 0) {
                            model.run(request.inputs(), Set.of());
                            break;
                        }
                    } catch (ModelUnavailableException e) {
                        // not yet
                    }
                    Thread.sleep(2);
                }
                times.add((System.nanoTime() - start) / 1_000_000);
            }
        }
        return String.format(Locale.ROOT, "%n| serving host killed (kill -9), until MiniLM int8 answers again | ms |%n|---|---|%n"
                + "| median of %d (all: %s; includes the first restart's 100 ms backoff) | %d |%n"
                + "%n| host process with MiniLM int8 loaded, after 50 requests (JVM options %s) | %.1f MiB RSS |%n",
                times.size(), times, median(times), hostJvm, rss / 1048576.0);
    }

    private static long median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static InferenceRequest miniLm(int seq) {
        long[] ids = MiniLm.tokenIds(seq, seq);
        long[] mask = new long[seq];
        Arrays.fill(mask, 1);
        long[] shape = {1, seq};
        return InferenceRequest.of(Tensor.ofLongs("input_ids", shape, ids), Tensor.ofLongs("attention_mask", shape, mask),
                Tensor.ofLongs("token_type_ids", shape, new long[seq]));
    }

    private static void isolated(Path modelFile) throws Exception {
        Path json = modelFile.resolveSibling("model.json");
        String text = Files.readString(json).trim();
        Files.writeString(json, text.substring(0, text.lastIndexOf('}')) + ",\"isolation\":\"process\"}");
    }

    /** ONNX Runtime's natives once into a folder, as the distribution has them from its fragment. */
    private static Path extractNatives(Path folder) throws Exception {
        Files.createDirectories(folder);
        for (String library : new String[] {"libonnxruntime.so", "libonnxruntime4j_jni.so"}) {
            try (InputStream in = IsolationBenchmark.class.getResourceAsStream("/ai/onnxruntime/native/linux-x64/" + library)) {
                if (in != null) {
                    Files.copy(in, folder.resolve(library), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return folder;
    }

    private void consume(InferenceResponse response) {
        sink += response.outputs().get(0).elementCount();
    }
}
