package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelState;
import org.modelgate.security.ModelSignatures;
import org.modelgate.security.SigningKey;
import org.modelgate.packaging.ModelPackages;
import org.modelgate.packaging.ProgressListener;
import org.modelgate.packaging.internal.VerifiedPackageReader;
import org.modelgate.security.internal.TrustedModels;

/** Only versions whose signature verifies against the trust store are installed and loaded, at every start. */
class SignedModelsTest {
    @TempDir
    Path repository;
    @TempDir
    Path trustStore;
    @TempDir
    Path staging;
    private SigningKey key;
    private TrustedModels trust;
    private RegistryHarness gateway;

    @BeforeEach
    void givenATrustStoreWithOneModelSigner() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        key = new SigningKey(pair.getPrivate(), pair.getPublic());
        Path signers = Files.createDirectories(trustStore.resolve("model-signer"));
        Files.writeString(signers.resolve("release.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        TrustedModels.Config config = (TrustedModels.Config) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { TrustedModels.Config.class }, (proxy, method, args) -> method.getName().equals("trustStore")
                        ? trustStore.toString() : method.getName().equals("allowUnsigned") ? new String[0] : TrustedModels.Config.class);
        trust = new TrustedModels(config);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
    }

    @Test
    void aSignedVersionServesAndIsRefusedAtTheNextStartOnceAFileChanged() throws Exception {
        Path version = givenSignedVersion("1.0.0", 2f);
        whenTheGatewayStarts();
        assertThat(gateway.infer("scaler", 1f, 2f).output("y").toFloatArray()).containsExactly(2f, 4f);
        gateway.stop();

        Files.writeString(version.resolve("model.bin"), "scale=9"); // tampered on disk while the gateway was down
        whenTheGatewayStarts();

        ModelInfo info = gateway.registry.model("scaler").orElseThrow();
        assertThat(info.state()).isEqualTo(ModelState.FAILED);
        assertThat(info.reason()).contains("does not verify").contains("model.bin");
    }

    @Test
    void anUnsignedFolderIsNotInstalledAndNothingChanges() throws Exception {
        givenSignedVersion("1.0.0", 2f);
        whenTheGatewayStarts();
        Path unsigned = Files.createDirectories(staging.resolve("scaler-1.1.0"));
        Files.writeString(unsigned.resolve("model.json"), KilledDuringActivationTest.modelJson("1.1.0", 3f));
        Files.writeString(unsigned.resolve("model.bin"), "scale=3");

        assertThatThrownBy(() -> gateway.registry.install(unsigned)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("does not verify").hasMessageContaining("unsigned");

        assertThat(gateway.registry.model("scaler").orElseThrow().versions()).containsExactly("1.0.0");
        try (Stream<Path> entries = Files.list(repository.resolve("scaler"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }

        ModelSignatures.signer(key).sign(unsigned);
        gateway.registry.install(unsigned);
        assertThat(gateway.registry.model("scaler").orElseThrow().versions()).containsExactly("1.0.0", "1.1.0");
        assertThat(gateway.registry.history("scaler")).filteredOn(e -> e.version().equals("1.1.0"))
                .filteredOn(e -> e.kind() == org.modelgate.api.VersionEvent.Kind.INSTALLED).singleElement()
                .satisfies(e -> assertThat(e.reason()).endsWith("; signed by key release (model-signer)"));
    }

    @Test
    void aSignedPackageIsInstalledAndATamperedOneRefusedWithNothingLeftBehind() throws Exception {
        givenSignedVersion("1.0.0", 2f);
        whenTheGatewayStarts();
        gateway.registry.packageReader = new VerifiedPackageReader((VerifiedPackageReader.Config) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] { VerifiedPackageReader.Config.class },
                (proxy, method, args) -> method.getName().equals("trustStore") ? trustStore.toString()
                        : VerifiedPackageReader.Config.class));
        Path folder = Files.createDirectories(staging.resolve("scaler"));
        Files.writeString(folder.resolve("model.json"), KilledDuringActivationTest.modelJson("1.1.0", 3f));
        Files.writeString(folder.resolve("model.bin"), "scale=3");
        Path packages = Files.createDirectories(staging.resolve("out"));
        Path mgp = ModelPackages.pack(folder, key, packages, ProgressListener.NONE);

        Path tampered = packages.resolve("tampered").resolve(mgp.getFileName());
        Files.createDirectories(tampered.getParent());
        byte[] bytes = Files.readAllBytes(mgp);
        bytes[bytes.length / 3] ^= 0x20;
        Files.write(tampered, bytes);
        assertThatThrownBy(() -> gateway.registry.install(tampered)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("refused");
        assertThat(gateway.registry.model("scaler").orElseThrow().versions()).containsExactly("1.0.0");

        gateway.registry.install(mgp);
        assertThat(gateway.registry.model("scaler").orElseThrow().versions()).containsExactly("1.0.0", "1.1.0");
        gateway.registry.activate("scaler", "1.1.0");
        assertThat(gateway.infer("scaler", 1f, 2f).output("y").toFloatArray()).containsExactly(3f, 6f);
        try (Stream<Path> entries = Files.list(repository)) {
            assertThat(entries.map(p -> p.getFileName().toString())).as("no staging left").noneMatch(n -> n.startsWith("."));
        }
    }

    @Test
    void withSignaturesRequiredAndNoTrustStoreNothingLoads() throws Exception {
        givenSignedVersion("1.0.0", 2f);
        gateway = new RegistryHarness();
        gateway.bind(new AffineBackend());
        gateway.startRequiringSignatures(repository);

        ModelInfo info = gateway.awaitModel("scaler", m -> m.state() != ModelState.LOADING);
        assertThat(info.state()).isEqualTo(ModelState.FAILED);
        assertThat(info.reason()).contains("signatures are required").contains("org.modelgate.security.trust");
    }

    private Path givenSignedVersion(String version, float scale) throws Exception {
        Path folder = new ModelRepositoryFixture(repository).model("scaler", version,
                KilledDuringActivationTest.modelJson(version, scale), "model.bin", "scale=" + scale);
        ModelSignatures.signer(key).sign(folder);
        return folder;
    }

    private void whenTheGatewayStarts() {
        gateway = new RegistryHarness();
        gateway.registry.setModelTrust(trust);
        gateway.bind(new AffineBackend());
        gateway.start(repository, true);
        gateway.awaitModel("scaler", m -> m.state() != ModelState.LOADING);
    }
}
