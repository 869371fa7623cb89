package org.modelgate.benchmarks;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.InferenceService;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.Tensor;
import org.modelgate.backend.onnxruntime.internal.OnnxRuntimeBackend;
import org.modelgate.core.internal.ModelRegistryService;

/**
 * The hot path's cost of traffic policies when none is set: this build's core (one more volatile read per request,
 * the challenger field of the model's slot) against the core of the commit before them, both in this process,
 * interleaved, over one ONNX Runtime backend and the same model files. The earlier core is loaded child-first from
 * its jar ({@code -Dbefore.core=<org.modelgate.core jar>}); everything else (API, SPI, backend) is shared.
 */
final class TrafficRoutingBenchmark {
    private final int rounds;
    private final int block;
    private double sink;

    TrafficRoutingBenchmark(int rounds, int block) {
        this.rounds = rounds;
        this.block = block;
    }

    String run(Path work, Path distribution) throws Exception {
        String beforeJar = System.getProperty("before.core", "");
        if (beforeJar.isBlank()) {
            return "(traffic: -Dbefore.core=<the org.modelgate.core jar of the commit before> is needed)\n";
        }
        Path beforeRepository = work.resolve("before");
        Path afterRepository = work.resolve("after");
        boolean iris = Files.isDirectory(distribution.resolve("models").resolve(Demo.NAME));
        for (Path repository : new Path[] { beforeRepository, afterRepository }) {
            MiniLm.install(repository, "minilm-int8", MiniLm.INT8, InProcessBenchmark.THREADS_1);
            if (iris) {
                Demo.install(distribution, repository, InProcessBenchmark.THREADS_1);
            }
        }
        OnnxRuntimeBackend backend = Components.construct(OnnxRuntimeBackend.class, InProcessBenchmark.BACKEND_THREADS_1);
        try (URLClassLoader earlier = new ChildFirst(new URL[] { Path.of(beforeJar).toUri().toURL() },
                getClass().getClassLoader())) {
            Object before = earlier.loadClass(ModelRegistryService.class.getName()).getDeclaredConstructor().newInstance();
            if (before.getClass().getClassLoader() != earlier) {
                throw new IllegalStateException("the earlier core did not load from " + beforeJar);
            }
            ModelRegistryService after = new ModelRegistryService();
            for (Object registry : new Object[] { before, after }) {
                Components.bind(registry, "addBackend", backend, Map.of("service.id", 1L));
            }
            Components.activate(before, Map.of("repository", beforeRepository.toString(), "autoload", false));
            Components.activate(after, Map.of("repository", afterRepository.toString(), "autoload", false));
            InferenceService beforeInference = (InferenceService) before;
            ModelRegistry beforeRegistry = (ModelRegistry) before;
            beforeRegistry.load("minilm-int8");
            after.load("minilm-int8");
            ReportTable table = new ReportTable("core " + System.getProperty("before.name", "before"), "this core, no policy");
            long[] ids = MiniLm.tokenIds(32, 32);
            long[] mask = new long[32];
            Arrays.fill(mask, 1);
            long[] shape = { 1, 32 };
            InferenceRequest minilm = InferenceRequest.of(Tensor.ofLongs("input_ids", shape, ids),
                    Tensor.ofLongs("attention_mask", shape, mask), Tensor.ofLongs("token_type_ids", shape, new long[32]));
            LatencySamples[] s = Interleaved.run(200, rounds, block, () -> consume(beforeInference.infer("minilm-int8", minilm)),
                    () -> consume(after.infer("minilm-int8", minilm)));
            table.row("MiniLM int8, seq 32", s[0], s[1]);
            if (iris) {
                beforeRegistry.load(Demo.NAME);
                after.load(Demo.NAME);
                InferenceRequest row = InferenceRequest.of(Tensor.ofFloats(after.model(Demo.NAME).orElseThrow().inputs().get(0)
                        .name(), new long[] { 1, Demo.SAMPLE.length }, Demo.SAMPLE));
                s = Interleaved.run(2000, rounds * 4, block * 10, () -> consume(beforeInference.infer(Demo.NAME, row)),
                        () -> consume(after.infer(Demo.NAME, row)));
                table.row("demo " + Demo.NAME + " classifier", s[0], s[1]);
            }
            Components.deactivate(before);
            Components.deactivate(after);
            return table + (iris ? "" : "(demo model skipped: " + distribution + " has no models/" + Demo.NAME + ")\n")
                    + "(checksum of the outputs read: " + sink + ")\n";
        }
    }

    private void consume(InferenceResponse response) {
        sink += response.outputs().get(0).elementCount();
    }

    /** Loads the core's own classes from the earlier jar first; API, SPI and the rest from this class path. */
    private static final class ChildFirst extends URLClassLoader {
        ChildFirst(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("org.modelgate.core.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> type = findLoadedClass(name);
                if (type == null) {
                    type = findClass(name);
                }
                if (resolve) {
                    resolveClass(type);
                }
                return type;
            }
        }
    }

}
