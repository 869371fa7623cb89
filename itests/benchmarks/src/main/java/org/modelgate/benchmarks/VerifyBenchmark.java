package org.modelgate.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;

import org.modelgate.core.internal.ModelRegistryService;
import org.modelgate.security.ModelSignatures;
import org.modelgate.security.internal.TrustedModels;
import org.modelgate.spi.ModelTrust;

/**
 * What signature checks cost on the MiniLM fp32 model (90 MB): a plain sha256 of the model's bytes
 * (the limit: verification has to hash them) against the boot-time check the registry runs before
 * every load (ModelTrust over the installed folder) and against a whole install through the registry
 * (verify, crash-safe copy with fsync, rename, history), alternating in one process.
 */
final class VerifyBenchmark {
    private final int rounds;

    VerifyBenchmark(int rounds) {
        this.rounds = rounds;
    }

    String run(Path work) throws Exception {
        Path source = MiniLm.install(work.resolve("incoming"), "minilm-fp32", MiniLm.FP32, "{}").getParent();
        BenchSigner.signInto(work, source);
        Path modelFile = source.resolve("model.onnx");
        long bytes = Files.size(modelFile) + Files.size(source.resolve("model.json"));

        ModelTrust trust = Components.construct(TrustedModels.class, Map.of("trustStore", work.resolve("etc/trust").toString()));
        ModelRegistryService registry = new ModelRegistryService();
        Components.bind1(registry, "setModelTrust", trust);
        Path repository = work.resolve("models");
        Components.activate(registry, Map.of("repository", repository.toString(), "autoload", false,
                "requireSignatures", true));
        Path installed = repository.resolve("minilm-fp32/1.0.0");

        LatencySamples sha = new LatencySamples();
        LatencySamples boot = new LatencySamples();
        LatencySamples install = new LatencySamples();
        LatencySamples copy = new LatencySamples();
        for (int round = -2; round < rounds; round++) { // two warm-up rounds
            long t0 = System.nanoTime();
            sha256(modelFile);
            long t1 = System.nanoTime();
            registry.install(source);
            long t2 = System.nanoTime();
            trust.verify(installed);
            long t3 = System.nanoTime();
            registry.remove("minilm-fp32", "1.0.0");
            long t4 = System.nanoTime();
            copyWithFsync(modelFile, work.resolve("copy.onnx"));
            long t5 = System.nanoTime();
            if (round >= 0) {
                sha.add(t1 - t0);
                install.add(t2 - t1);
                boot.add(t3 - t2);
                copy.add(t5 - t4);
            }
        }
        double base = sha.percentileMillis(50);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "MiniLM fp32 folder: %.1f MB, %d rounds; each line: median ms (x sha256), p90 ms%n",
                bytes / 1e6, rounds));
        out.append("| step | median ms | vs sha256 | p90 ms |\n|---|---|---|---|\n");
        row(out, "plain sha256 of model.onnx (the limit)", sha, base);
        row(out, "boot check: ModelTrust.verify of the installed version (" + ModelSignatures.SIGNATURE_FILE + ")", boot, base);
        row(out, "install: verify + copy + fsync + rename + history", install, base);
        row(out, "for scale: copy model.onnx + fsync, no verify", copy, base);
        return out.toString();
    }

    private static void row(StringBuilder out, String step, LatencySamples samples, double base) {
        double median = samples.percentileMillis(50);
        out.append(String.format(Locale.ROOT, "| %s | %.1f | x%.2f | %.1f |%n", step, median, median / base, samples.percentileMillis(90)));
    }

    private static byte[] sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return digest.digest();
    }

    private static void copyWithFsync(Path from, Path to) throws IOException {
        Files.deleteIfExists(to);
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long position = 0;
            long size = in.size();
            while (position < size) {
                position += in.transferTo(position, size - position, out);
            }
            out.force(true);
        }
        Files.delete(to);
    }
}
