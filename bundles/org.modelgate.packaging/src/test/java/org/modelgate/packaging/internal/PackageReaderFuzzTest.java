package org.modelgate.packaging.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.modelgate.packaging.ModelPackageException;
import org.modelgate.packaging.ModelPackages;
import org.modelgate.packaging.UnpackLimits;
import org.modelgate.packaging.UnpackedModel;
import org.modelgate.security.TrustStore;
import org.modelgate.security.TrustStoreException;

/**
 * Fuzzes the package reader on untrusted bytes. It may unpack (then the folder holds model.json and
 * model.sig) or refuse with {@link ModelPackageException} leaving nothing behind; any other
 * exception, a file outside the staging folder, a hang or a crash is a finding. Plain
 * {@code mvn test} replays the committed inputs in
 * {@code src/test/resources/org/modelgate/packaging/internal/PackageReaderFuzzTestInputs/unpack/};
 * {@code JAZZER_FUZZ=1 mvn test -pl bundles/org.modelgate.packaging -Dtest=PackageReaderFuzzTest} fuzzes.
 */
class PackageReaderFuzzTest {
    // Small limits so that a fuzzed bomb is cheap to find and to refuse.
    private static final UnpackLimits LIMITS = new UnpackLimits(64, 4L << 20, 8L << 20, 50);

    @FuzzTest(maxDuration = "60s")
    void unpack(byte[] input) throws IOException, TrustStoreException {
        Path base = Files.createTempDirectory("mgp-fuzz");
        try {
            Path mgp = Files.write(base.resolve("iris-1.0.0.mgp"), input);
            Path staging = base.resolve("staging");
            try {
                UnpackedModel model = ModelPackages.unpack(mgp, staging, trust(), LIMITS);
                if (!Files.isRegularFile(model.folder().resolve("model.json")) || !Files.isRegularFile(model.folder().resolve("model.sig"))) {
                    throw new AssertionError("unpacked without model.json or model.sig");
                }
            } catch (ModelPackageException refused) {
                if (refused.problem() == null || Files.exists(staging)) {
                    throw new AssertionError("a refusal without a kind, or with a staging folder left behind", refused);
                }
            }
            try (Stream<Path> top = Files.list(base)) {
                if (top.anyMatch(p -> !p.equals(mgp) && !p.equals(staging))) {
                    throw new AssertionError("a file was written outside the staging folder");
                }
            }
        } finally {
            deleteTree(base);
        }
    }

    @org.junit.jupiter.api.Test
    void theValidSeedUnpacksSoTheFuzzerReachesTheSignatureCheck() throws Exception {
        Path seed = Path.of(getClass().getResource("PackageReaderFuzzTestInputs/unpack/valid").toURI());
        Path base = Files.createTempDirectory("mgp-seed");
        try {
            Path mgp = Files.copy(seed, base.resolve("iris-1.0.0.mgp"));
            UnpackedModel model = ModelPackages.unpack(mgp, base.resolve("staging"), trust(), LIMITS);
            org.assertj.core.api.Assertions.assertThat(model.signer().id()).isEqualTo("golden-test");
        } finally {
            deleteTree(base);
        }
    }

    private static TrustStore trust() throws TrustStoreException {
        try {
            return TrustStore.load(Path.of(PackageReaderFuzzTest.class.getResource("/testkeys/trust").toURI()));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
