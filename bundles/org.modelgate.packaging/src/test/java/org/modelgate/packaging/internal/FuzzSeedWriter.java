package org.modelgate.packaging.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.packaging.ModelPackages;
import org.modelgate.packaging.PackageFixture;
import org.modelgate.packaging.ProgressListener;
import org.modelgate.packaging.ZipBytes;
import org.modelgate.security.SigningKey;

/** Writes the fuzz seeds (run by hand, see src/test/resources/testkeys/README.md); skipped otherwise. */
@EnabledIfSystemProperty(named = "mgp.writeFuzzSeeds", matches = "true")
class FuzzSeedWriter {
    @TempDir
    Path base;

    @Test
    void writeSeeds() throws Exception {
        Path seeds = Path.of("src/test/resources/org/modelgate/packaging/internal/PackageReaderFuzzTestInputs/unpack");
        Files.createDirectories(seeds);
        Path folder = Files.createDirectories(base.resolve("iris"));
        Files.writeString(folder.resolve("model.json"), "{\"name\":\"iris\",\"version\":\"1.0.0\",\"format\":\"onnx\",\"file\":\"model.onnx\"}\n");
        Files.write(folder.resolve("model.onnx"), "0123456789abcdef".repeat(4).getBytes(StandardCharsets.US_ASCII));
        Files.createDirectories(folder.resolve("labels"));
        Files.writeString(folder.resolve("labels/classes.txt"), "setosa\nversicolor\nvirginica\n");
        SigningKey key = SigningKey.fromPemFile(Path.of("src/test/resources/testkeys/test-signing-key.pem"));
        Path mgp = ModelPackages.pack(folder, key, base.resolve("dist"), ProgressListener.NONE);
        byte[] valid = Files.readAllBytes(mgp);
        Files.write(seeds.resolve("valid"), valid);
        Files.write(seeds.resolve("truncated"), Arrays.copyOf(valid, valid.length / 2));
        Files.write(seeds.resolve("symlink"), ZipBytes.withUnixMode(valid, "model.onnx", 0120777));
        LinkedHashMap<String, byte[]> entries = ZipBytes.read(mgp);
        entries.put("../evil.txt", new byte[] {1});
        Files.write(seeds.resolve("traversal"), ZipBytes.zip(entries));
        entries.remove("../evil.txt");
        entries.put("model.onnz", new byte[] {2});
        Files.write(seeds.resolve("duplicate"), ZipBytes.replaceAll(ZipBytes.zip(entries), "model.onnz", "model.onnx"));
        Files.write(seeds.resolve("bomb"), ZipBytes.bomb("model.onnx", 6L << 20,
                Map.of("model.json", Files.readAllBytes(folder.resolve("model.json")))));
        Files.write(seeds.resolve("empty"), new byte[0]);
    }
}
