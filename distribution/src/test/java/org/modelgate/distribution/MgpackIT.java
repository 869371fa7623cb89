package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.monitor.drift.FeatureProfile;
import org.modelgate.monitor.drift.ReferenceProfile;
import org.modelgate.security.SigningKey;

/**
 * The shipped {@code bin/mgpack}, from the unpacked tarball: packs and signs the demo model with a
 * vendor's key, verifies the package against a trust store that holds the key, and refuses it against
 * the gateway's own store, which does not; writes a reference profile from training rows into it.
 */
class MgpackIT {
    @TempDir
    Path work;

    @Test
    void packsSignsAndVerifiesAModelPackage() throws Exception {
        Path home = unpackedDistribution();
        Path model = work.resolve("iris");
        copyWithoutSignature(home.resolve("models/iris/1.0.0"), model);
        Path trust = work.resolve("vendor-trust");
        Path key = givenAVendorKey(trust);

        Result packed = mgpack(home, "pack", model.toString(), "--key", key.toString(), "--out", work.resolve("out").toString());
        assertThat(packed.exit).as(packed.output).isZero();
        Path mgp = work.resolve("out/iris-1.0.0.mgp");
        assertThat(mgp).isNotEmptyFile();

        Result verified = mgpack(home, "verify", mgp.toString(), "--trust", trust.toString());
        assertThat(verified.exit).as(verified.output).isZero();
        assertThat(verified.output).contains("verified iris 1.0.0");

        Result refused = mgpack(home, "verify", mgp.toString(), "--trust", home.resolve("etc/trust").toString());
        assertThat(refused.exit).isEqualTo(1);
        assertThat(refused.output).contains("unknown-key");

        Result usage = mgpack(home, "frobnicate");
        assertThat(usage.exit).isEqualTo(2);
        assertThat(usage.output).contains("usage: mgpack");
    }

    @Test
    void theDemoModelShipsAFullReferenceAndMgpackWritesOneFromTrainingRows() throws Exception {
        Path home = unpackedDistribution();
        ReferenceProfile shipped = reference(home.resolve("models/iris/1.0.0"));
        assertThat(shipped.count()).isEqualTo(105);
        assertThat(shipped.inputs().get("input").features()).extracting(FeatureProfile::name)
                .containsExactly("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm");
        assertThat(shipped.inputs().get("input").features()).allSatisfy(f -> assertThat(f.quantiles()).hasSize(FeatureProfile.QUANTILES));
        assertThat(shipped.outputs().get("output").predictions().total()).as("the model's own predictions on its training rows").isEqualTo(105);

        Path model = work.resolve("iris");
        copyWithoutSignature(home.resolve("models/iris/1.0.0"), model);
        Path trust = work.resolve("vendor-trust");
        Path key = givenAVendorKey(trust);
        Path data = Files.writeString(work.resolve("rows.csv"),
                "sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n6.4,3.2,4.5,1.5\n6.7,3.0,5.2,2.3\n5.9,3.0,4.2,1.5\n");

        Result written = mgpack(home, "reference", model.toString(), "--data", data.toString(), "--key", key.toString());
        assertThat(written.exit).as(written.output).isZero();
        assertThat(written.output).contains("reference of 4 rows written", "input 'input' 4 features",
                "output 'output' 3 classes (computed by running model.onnx with ONNX Runtime)", "signed by key");
        ReferenceProfile profile = reference(model);
        assertThat(profile.inputs().get("input").features().get(2).max()).isEqualTo(5.2);
        // one setosa, two versicolor-like, one virginica row: the demo model's labels are [virginica, setosa, versicolor]
        assertThat(profile.outputs().get("output").predictions().total()).isEqualTo(4);
        assertThat(profile.outputs().get("output").predictions().counts()[1]).as("setosa predicted once").isEqualTo(1);

        Result packed = mgpack(home, "pack", model.toString(), "--key", key.toString(), "--out", work.resolve("out").toString());
        assertThat(packed.exit).as(packed.output).isZero();
        Result verified = mgpack(home, "verify", work.resolve("out/iris-1.0.0.mgp").toString(), "--trust", trust.toString());
        assertThat(verified.exit).as(verified.output).isZero();
    }

    private static ReferenceProfile reference(Path folder) throws Exception {
        Map<?, ?> json = (Map<?, ?>) org.modelgate.json.StrictJson.read(Files.readAllBytes(folder.resolve("model.json")));
        return ReferenceProfile.parse(json.get("reference"));
    }

    private Path unpackedDistribution() throws Exception {
        Path tarball = Path.of(System.getProperty("modelgate.tarball"));
        Path target = Files.createDirectories(work.resolve("dist"));
        Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", target.toString()).inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        try (Stream<Path> top = Files.list(target)) {
            return top.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    private static void copyWithoutSignature(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().equals("model.sig")).toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    private Path givenAVendorKey(Path trust) throws Exception {
        // Written as OpenSSL writes it (PKCS#8 with the public key inside): mgpack refuses a key without it.
        SigningKey vendor = SigningKey.generate();
        Base64.Encoder pem = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Path key = vendor.writePemFile(work.resolve("vendor.key.pem"));
        Path signers = Files.createDirectories(trust.resolve("model-signer"));
        Files.writeString(signers.resolve("vendor.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + pem.encodeToString(vendor.publicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        return key;
    }

    private record Result(int exit, String output) {
    }

    private static Result mgpack(Path home, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(home.resolve("bin/mgpack").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
