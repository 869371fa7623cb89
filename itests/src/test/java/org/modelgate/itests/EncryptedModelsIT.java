package org.modelgate.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.ModelState;
import org.modelgate.api.Tensor;
import org.modelgate.itests.support.Gateway;
import org.modelgate.itests.support.MiniLm;
import org.modelgate.itests.support.Parity;
import org.modelgate.itests.support.Platform;
import org.modelgate.itests.support.TestModels;
import org.modelgate.security.ModelSignatures;
import org.modelgate.security.SigningKey;
import org.modelgate.spi.KeyProvider;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * Feature: model files encrypted at rest, across the real bundles in Felix (core, security with its file key
 * provider and trust store, onnxruntime backend).
 *
 * <p>The signed all-MiniLM-L6-v2 fp32 (90 MB) installed while the device key is configured is written
 * encrypted (no run of its bytes on disk), decrypted into a direct buffer, verified against its signature
 * from there and loaded by ONNX Runtime from those bytes: it answers bit for bit what the same model
 * installed in plaintext answers, and again after the registry restarts.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EncryptedModelsIT {
    private static final String PLAIN = "minilm";
    private static final String ENCRYPTED = "minilm-encrypted";
    private static final String STAGED = "modelgate.itest.staged";
    private static final String TRUST = "modelgate.itest.trust";
    private static final String KEY_FILE = "modelgate.itest.keyFile";
    private static final byte[] MAGIC = { (byte) 0x89, 'M', 'G', 'E', 'N', 'C', '\r', '\n' };

    @Inject
    private BundleContext context;

    private Gateway gateway;
    private Path repository;

    @Configuration
    public Option[] config() throws Exception {
        Path repository = TestModels.emptyRepository(EncryptedModelsIT.class);
        Path work = repository.getParent();
        Path staging = work.resolve("staging");
        TestModels.addOnnxModel(repository, PLAIN, "1.0.0", TestModels.MINILM_FP32);
        TestModels.addOnnxModel(staging, ENCRYPTED, "1.0.0", TestModels.MINILM_FP32);
        Path trust = signBoth(work, repository.resolve(PLAIN).resolve("1.0.0"), staging.resolve(ENCRYPTED).resolve("1.0.0"));
        Path keys = work.resolve("keys");
        deleteTree(keys);
        return options(
                Platform.felix(EncryptedModelsIT.class),
                Platform.core(),
                Platform.security(),
                Platform.onnxRuntime(),
                systemProperty(TestModels.REPOSITORY).value(repository.toString()),
                systemProperty(STAGED).value(staging.resolve(ENCRYPTED).resolve("1.0.0").toString()),
                systemProperty(TRUST).value(trust.toString()),
                systemProperty(KEY_FILE).value(keys.resolve("device.key").toString()));
    }

    @Before
    public void givenTheDeviceKeyATrustStoreAndThePlainModelServing() {
        gateway = new Gateway(context);
        repository = Path.of(System.getProperty(TestModels.REPOSITORY));
        gateway.configure("org.modelgate.security.trust", Map.of("trustStore", System.getProperty(TRUST)));
        gateway.configure("org.modelgate.security.keys", Map.of("keyFile", System.getProperty(KEY_FILE)));
        gateway.service(KeyProvider.class);
        gateway.configureRegistry(repository, PLAIN);
        gateway.awaitModel(PLAIN, ModelState.READY);
    }

    @Test
    public void anEncryptedMiniLmAnswersBitIdenticalToThePlainOneAndNoPlaintextIsOnDisk() throws Exception {
        Path staged = Path.of(System.getProperty(STAGED));

        gateway.registry().install(staged);

        Path installed = repository.resolve(ENCRYPTED).resolve("1.0.0").resolve("model.onnx");
        assertArrayEquals("encrypted at rest", MAGIC, Arrays.copyOf(Files.readAllBytes(installed), MAGIC.length));
        thenNoRunOfTheModelIsOnDisk(staged.resolve("model.onnx"));
        assertTrue("device key made", Files.size(Path.of(System.getProperty(KEY_FILE))) == 32);

        ModelInfo info = gateway.registry().load(ENCRYPTED);
        assertEquals(info.toString(), ModelState.READY, info.state());
        assertEquals("onnxruntime", info.backend());
        thenBothAnswerBitIdentically();

        // the registry starts again (a configuration change): the version is decrypted and verified once more
        ModelRegistry before = gateway.registry();
        gateway.configure(Gateway.REGISTRY_PID, Map.of("repository", repository.toString(), "autoload", Boolean.TRUE,
                "keepVersions", 4));
        Gateway.await("a new registry", () -> gateway.registry() != before ? Boolean.TRUE : null);
        gateway.awaitModel(ENCRYPTED, ModelState.READY);
        gateway.awaitModel(PLAIN, ModelState.READY);
        thenBothAnswerBitIdentically();
        thenNoRunOfTheModelIsOnDisk(staged.resolve("model.onnx"));
    }

    private void thenBothAnswerBitIdentically() {
        InferenceResponse plain = gateway.inference().infer(PLAIN, MiniLm.request());
        InferenceResponse encrypted = gateway.inference().infer(ENCRYPTED, MiniLm.request());
        assertEquals(plain.outputs().stream().map(Tensor::name).toList(), encrypted.outputs().stream().map(Tensor::name).toList());
        assertFalse(plain.outputs().isEmpty());
        for (Tensor expected : plain.outputs()) {
            Tensor actual = encrypted.output(expected.name());
            Parity.assertNotConstant(expected.name(), expected.toFloatArray());
            Parity.assertBitIdentical("encrypted " + expected.name(), expected.shape(), expected.toFloatArray(), actual.shape(),
                    actual.toFloatArray());
        }
    }

    /** Sixteen 32-byte runs spread over the model: none may appear in any file of the encrypted version. */
    private void thenNoRunOfTheModelIsOnDisk(Path plainModel) throws IOException {
        byte[] model = Files.readAllBytes(plainModel);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(repository.resolve(ENCRYPTED))) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.toString(), files.size() >= 3);
        for (Path file : files) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (int start = 0; start + 32 <= model.length; start += model.length / 16) {
                assertFalse(file + " holds model bytes from " + start,
                        content.contains(new String(model, start, 32, StandardCharsets.ISO_8859_1)));
            }
        }
    }

    /** Signs both versions with a key made for this run; returns the trust store that trusts it. */
    private static Path signBoth(Path work, Path... folders) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        SigningKey key = new SigningKey(pair.getPrivate(), pair.getPublic());
        for (Path folder : folders) {
            ModelSignatures.signer(key).sign(folder);
        }
        Path trust = work.resolve("trust");
        deleteTree(trust);
        Path signers = Files.createDirectories(trust.resolve("model-signer"));
        Files.writeString(signers.resolve("itest.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        return trust;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
