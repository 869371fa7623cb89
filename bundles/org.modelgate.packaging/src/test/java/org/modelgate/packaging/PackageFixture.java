package org.modelgate.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.modelgate.security.SigningKey;
import org.modelgate.security.TrustStore;

/**
 * A model folder "iris" (model.json, model.onnx, labels/classes.txt), a fresh EC P-256 key pair made
 * with the JDK (never committed), a trust store trusting it, and an empty parent for staging folders.
 */
public final class PackageFixture {
    public static final String MODEL_JSON = "{\"name\":\"iris\",\"version\":\"1.0.0\",\"format\":\"onnx\",\"file\":\"model.onnx\","
            + "\"description\":\"Logistic regression on Fisher's Iris data\"}\n";

    public final Path base;
    public final Path folder;
    public final Path trustDir;
    public final Path keyFile;
    public final SigningKey key;
    public final Path stagingParent;
    private int stagings;

    private PackageFixture(Path base, int weightBytes) throws Exception {
        this.base = base;
        this.folder = Files.createDirectories(base.resolve("build/iris"));
        Files.writeString(folder.resolve("model.json"), MODEL_JSON);
        byte[] weights = new byte[weightBytes];
        new Random(42).nextBytes(weights);
        Files.write(folder.resolve("model.onnx"), weights);
        Files.createDirectories(folder.resolve("labels"));
        Files.writeString(folder.resolve("labels/classes.txt"), "setosa\nversicolor\nvirginica\n");
        KeyPair pair = generate();
        this.trustDir = base.resolve("trust");
        writePem(trustDir.resolve("model-signer/acme-2026.pem"), "PUBLIC KEY", pair.getPublic().getEncoded());
        Files.createDirectories(base.resolve("keys"));
        this.keyFile = new SigningKey(pair.getPrivate(), pair.getPublic()).writePemFile(base.resolve("keys/acme-2026.key.pem"));
        this.key = SigningKey.fromPemFile(keyFile);
        this.stagingParent = Files.createDirectories(base.resolve("staging"));
    }

    /** A fixture with a 200 kB model file. */
    public static PackageFixture create(Path base) throws Exception {
        return new PackageFixture(base, 200_000);
    }

    /** A fixture with a model file of the given size. */
    public static PackageFixture create(Path base, int weightBytes) throws Exception {
        return new PackageFixture(base, weightBytes);
    }

    public static KeyPair generate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    public static Path writePem(Path file, String type, byte[] der) throws IOException {
        Files.createDirectories(file.getParent());
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
        return file;
    }

    /** Packs the folder into base/dist. */
    public Path pack() throws ModelPackageException {
        return ModelPackages.pack(folder, key, base.resolve("dist"), ProgressListener.NONE);
    }

    public TrustStore trust() throws Exception {
        return TrustStore.load(trustDir);
    }

    /** A staging folder that does not exist yet. */
    public Path nextStaging() {
        return stagingParent.resolve("s" + (++stagings));
    }

    public UnpackedModel unpack(Path mgp) throws Exception {
        return ModelPackages.unpack(mgp, nextStaging(), trust());
    }

    /** Unpacks expecting a refusal; checks that nothing was left behind. */
    public ModelPackageException refusal(Path mgp) throws Exception {
        return refusal(mgp, UnpackLimits.DEFAULTS);
    }

    /** Unpacks with limits expecting a refusal; checks that nothing was left behind. */
    public ModelPackageException refusal(Path mgp, UnpackLimits limits) throws Exception {
        Path staging = nextStaging();
        try {
            UnpackedModel model = ModelPackages.unpack(mgp, staging, trust(), limits);
            throw new AssertionError("expected a refusal, but unpacked " + model);
        } catch (ModelPackageException e) {
            thenNothingIsLeftBehind();
            assertThat(e.getMessage()).startsWith(e.problem().code() + ": ");
            return e;
        }
    }

    /** The staging parent is empty: no staging folder, no stray file. */
    public void thenNothingIsLeftBehind() throws IOException {
        try (Stream<Path> left = Files.list(stagingParent)) {
            assertThat(left).as("left behind in %s", stagingParent).isEmpty();
        }
    }

    /** Every regular file under a folder with its bytes, by relative path. */
    public static TreeMap<String, String> contents(Path folder) {
        TreeMap<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(Files::isRegularFile).forEach(p -> {
                try {
                    files.put(folder.relativize(p).toString().replace('\\', '/'), Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
