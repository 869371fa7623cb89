package org.modelgate.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Random;

/** A model folder with a few files, a signing key and a trust store that trusts it. */
public final class SignedModelFixture {
    public final Path folder;
    public final Path trustDir;
    public final KeyPair keyPair;
    public final SigningKey signingKey;

    private SignedModelFixture(Path folder, Path trustDir, KeyPair keyPair, SigningKey signingKey) {
        this.folder = folder;
        this.trustDir = trustDir;
        this.keyPair = keyPair;
        this.signingKey = signingKey;
    }

    /** Creates an unsigned model folder under {@code base}/iris and a trust store under {@code base}/trust. */
    public static SignedModelFixture create(Path base) throws Exception {
        Path folder = Files.createDirectories(base.resolve("iris"));
        Files.writeString(folder.resolve("model.json"),
                "{\"name\":\"iris\",\"version\":\"1.0.0\",\"format\":\"onnx\",\"file\":\"model.onnx\"}\n");
        byte[] weights = new byte[200_000];
        new Random(42).nextBytes(weights);
        Files.write(folder.resolve("model.onnx"), weights);
        Files.createDirectories(folder.resolve("assets/deep"));
        Files.writeString(folder.resolve("assets/labels.txt"), "setosa\nversicolor\nvirginica\n");
        Files.write(folder.resolve("assets/deep/empty.bin"), new byte[0]);
        KeyPair pair = TestKeys.generate("secp256r1");
        Path trust = base.resolve("trust");
        TestKeys.writePublic(pair, trust.resolve("model-signer/acme-2026.pem"));
        SigningKey key = SigningKey.fromPemFile(TestKeys.writePrivate(pair, base.resolve("keys/acme-2026.key.pem")));
        return new SignedModelFixture(folder, trust, pair, key);
    }

    /** Signs the folder with the fixture key. */
    public SignedModelFixture signed() throws ModelSignatureException {
        ModelSignatures.signer(signingKey).sign(folder);
        return this;
    }

    /** A verifier over the fixture's trust store as it is on disk now. */
    public ModelVerifier verifier() throws TrustStoreException {
        return ModelSignatures.verifier(TrustStore.load(trustDir));
    }

    /** Verifies and returns the refusal, failing when verification passes. */
    public ModelSignatureException refusal() throws Exception {
        try {
            VerifiedModel model = verifier().verify(folder);
            throw new AssertionError("expected a refusal, but verified " + model);
        } catch (ModelSignatureException e) {
            return e;
        }
    }

    /** Writes a file inside the model folder. */
    public void write(String relative, String content) throws IOException {
        Path file = folder.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
