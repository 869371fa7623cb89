package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelState;
import org.modelgate.api.VersionEvent;
import org.modelgate.security.ModelSignatures;
import org.modelgate.security.SigningKey;
import org.modelgate.security.internal.TrustedModels;
import org.modelgate.security.keys.internal.FileKeyProvider;

/**
 * Feature: model files encrypted at rest. A version installed while a device key is present is encrypted on
 * disk (no plaintext byte of the model anywhere in the repository), and at every start it is decrypted into
 * memory, its signature verified on those bytes, and the same bytes loaded. A changed file, a missing or
 * foreign key, or a backend that cannot load from memory leave it FAILED or UNAVAILABLE with the reason while
 * the gateway and the other models keep running. Real signature verifier and real file key provider.
 */
class EncryptedModelsTest {
    private static final String MARKER = "proprietary-weights-7f3a9c51e2";

    @TempDir
    Path repository;
    @TempDir
    Path work;
    private SigningKey signer;
    private TrustedModels trust;
    private FileKeyProvider deviceKey;
    private RegistryHarness gateway;
    private AffineBackend backend;

    @BeforeEach
    void givenATrustStoreAndADeviceKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        signer = new SigningKey(pair.getPrivate(), pair.getPublic());
        Path signers = Files.createDirectories(work.resolve("trust/model-signer"));
        Files.writeString(signers.resolve("release.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        trust = new TrustedModels((TrustedModels.Config) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { TrustedModels.Config.class }, (proxy, method, args) -> method.getName().equals("trustStore")
                        ? work.resolve("trust").toString() : method.getName().equals("allowUnsigned") ? new String[0] : TrustedModels.Config.class));
        deviceKey = new FileKeyProvider(work.resolve("etc/keys/device.key"));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
    }

    @Test
    void anInstalledVersionIsEncryptedOnDiskAndServesFromMemoryAfterEveryStart() throws Exception {
        Path staged = givenASignedVersionStaged("1.0.0", 2f);
        whenTheGatewayStarts(deviceKey, EncryptAtRest.AUTO);

        gateway.registry.install(staged);

        Path installed = repository.resolve("scaler/1.0.0");
        assertThat(EncryptedModelFile.isEncrypted(installed.resolve("model.bin"))).isTrue();
        assertThat(EncryptedModelFile.header(installed.resolve("model.bin")).segments()).as("several segments").isGreaterThan(3);
        assertThat(installed.resolve("model.json")).hasSameBinaryContentAs(staged.resolve("model.json"));
        assertThat(installed.resolve("model.sig")).hasSameBinaryContentAs(staged.resolve("model.sig"));
        thenNoPlaintextOfTheModelIsOnDisk();
        assertThat(gateway.registry.history("scaler")).extracting(VersionEvent::reason).last().asString()
                .contains("model.bin encrypted under key " + deviceKey.keyId());

        gateway.registry.activate("scaler", "1.0.0");
        thenItServesWithScale(2f);
        assertThat(backend.loadedFromMemory).containsOnly(true);
        gateway.stop();

        whenTheGatewayStarts(deviceKey, EncryptAtRest.AUTO);
        assertThat(gateway.awaitModel("scaler", m -> m.state() != ModelState.LOADING).state()).isEqualTo(ModelState.READY);
        thenItServesWithScale(2f);
        thenNoPlaintextOfTheModelIsOnDisk();
    }

    @Test
    void theDecryptedModelLeavesDirectMemoryAsSoonAsItIsLoaded() throws Exception {
        Path staged = Files.createDirectories(work.resolve("staging/big/scaler"));
        Files.writeString(staged.resolve("model.json"), KilledDuringActivationTest.modelJson("1.0.0", 2f));
        Files.writeString(staged.resolve("model.bin"), "scale=2\n" + "#".repeat(4 << 20) + "\n");
        ModelSignatures.signer(signer).sign(staged);
        whenTheGatewayStarts(deviceKey, EncryptAtRest.AUTO);
        gateway.registry.encryption.segmentSize = EncryptionHeader.DEFAULT_SEGMENT;
        gateway.registry.install(staged);
        long before = directMemoryInUse();

        gateway.registry.activate("scaler", "1.0.0");

        thenItServesWithScale(2f);
        assertThat(directMemoryInUse() - before).as("direct memory kept after loading a 4 MiB model").isLessThan(2 << 20);
    }

    @Test
    void aChangedEncryptedFileIsRefusedAtTheNextStartAndTheOtherModelsKeepServing() throws Exception {
        givenVersionInstalledEncryptedAndActive("1.0.0", 2f);
        ModelSignatures.signer(signer).sign(new ModelRepositoryFixture(repository).affineModel("plain", "1.0.0", 5f));
        Path file = repository.resolve("scaler/1.0.0/model.bin");
        byte[] bytes = Files.readAllBytes(file);
        bytes[EncryptedModelFile.header(file).encodedLength() + 100] ^= 0x10; // inside segment 2
        Files.write(file, bytes);

        whenTheGatewayStarts(deviceKey, EncryptAtRest.AUTO);

        ModelInfo scaler = gateway.awaitModel("scaler", m -> m.state() != ModelState.LOADING);
        assertThat(scaler.state()).isEqualTo(ModelState.FAILED);
        assertThat(scaler.reason()).contains("model 'scaler' 1.0.0 cannot be decrypted").contains("segment 2 of")
                .contains("does not authenticate");
        assertThat(gateway.awaitModel("plain", m -> m.state() != ModelState.LOADING).state()).isEqualTo(ModelState.READY);
        assertThat(gateway.infer("plain", 1f, 1f).output("y").toFloatArray()).containsExactly(5f, 5f);
    }

    @Test
    void withoutAKeyProviderAnEncryptedVersionWaitsAndLoadsWhenOneArrives() throws Exception {
        givenVersionInstalledEncryptedAndActive("1.0.0", 2f);

        whenTheGatewayStarts(null, EncryptAtRest.AUTO);
        ModelInfo waiting = gateway.awaitModel("scaler", m -> m.state() != ModelState.LOADING);
        assertThat(waiting.state()).isEqualTo(ModelState.UNAVAILABLE);
        assertThat(waiting.reason()).contains("encrypted at rest under key " + deviceKey.keyId())
                .contains("no KeyProvider is present").contains("org.modelgate.security.keys");

        gateway.registry.setKeyProvider(new FileKeyProvider(work.resolve("etc/keys/device.key")));

        assertThat(gateway.awaitModel("scaler", m -> m.state() == ModelState.READY).version()).isEqualTo("1.0.0");
        thenItServesWithScale(2f);
    }

    @Test
    void anotherDevicesKeyLeavesTheVersionFailedNamingTheKeyItNeeds() throws Exception {
        givenVersionInstalledEncryptedAndActive("1.0.0", 2f);
        FileKeyProvider otherDevice = new FileKeyProvider(work.resolve("other-device/device.key"));
        otherDevice.keyId(); // that gateway has installed models: its key exists

        whenTheGatewayStarts(otherDevice, EncryptAtRest.AUTO);

        ModelInfo info = gateway.awaitModel("scaler", m -> m.state() != ModelState.LOADING);
        assertThat(info.state()).isEqualTo(ModelState.FAILED);
        assertThat(info.reason()).contains("UNKNOWN_KEY").contains("encrypted under key " + deviceKey.keyId())
                .contains("is " + otherDevice.keyId()).contains("another gateway");
    }

    @Test
    void aLostKeyFileLeavesTheVersionFailedNamingTheKeyToRestore() throws Exception {
        givenVersionInstalledEncryptedAndActive("1.0.0", 2f);
        String keyId = deviceKey.keyId();
        Files.delete(work.resolve("etc/keys/device.key"));

        whenTheGatewayStarts(new FileKeyProvider(work.resolve("etc/keys/device.key")), EncryptAtRest.AUTO);

        ModelInfo info = gateway.awaitModel("scaler", m -> m.state() != ModelState.LOADING);
        assertThat(info.state()).isEqualTo(ModelState.FAILED);
        assertThat(info.reason()).contains("encrypted under key " + keyId).contains("UNAVAILABLE").contains("is missing")
                .contains("restore it from your backup");
        assertThat(work.resolve("etc/keys/device.key")).as("no new key made in its place").doesNotExist();
    }

    @Test
    void turnedOffNewVersionsArePlainAndEncryptedOnesStillLoad() throws Exception {
        givenVersionInstalledEncryptedAndActive("1.0.0", 2f);
        whenTheGatewayStarts(deviceKey, EncryptAtRest.OFF);
        thenItServesWithScale(2f);

        Path staged = givenASignedVersionStaged("1.1.0", 3f);
        gateway.registry.install(staged);
        assertThat(repository.resolve("scaler/1.1.0/model.bin")).hasSameBinaryContentAs(staged.resolve("model.bin"));
        gateway.registry.activate("scaler", "1.1.0");
        thenItServesWithScale(3f);

        gateway.registry.rollback("scaler");
        thenItServesWithScale(2f);
        assertThat(backend.loadedFromMemory).containsExactly(true, false, true);
    }

    @Test
    void requiredWithoutAKeyProviderRefusesTheInstallAndLeavesNothingBehind() throws Exception {
        Path staged = givenASignedVersionStaged("1.0.0", 2f);
        whenTheGatewayStarts(null, EncryptAtRest.REQUIRED);

        assertThatThrownBy(() -> gateway.registry.install(staged)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("encryptAtRest is REQUIRED").hasMessageContaining("no KeyProvider is present");

        try (Stream<Path> files = Files.walk(repository)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void aBackendThatLoadsOnlyFromFilesIsNeverGivenAnEncryptedModel() throws Exception {
        Path staged = givenASignedVersionStaged("1.0.0", 2f);
        whenTheGatewayStarts(deviceKey, EncryptAtRest.AUTO);
        backend.fromMemory = false;
        gateway.registry.install(staged);

        assertThatThrownBy(() -> gateway.registry.activate("scaler", "1.0.0")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("encrypted at rest, and backend 'affine' loads models from files only");
        assertThat(backend.loadedFromMemory).isEmpty();
        assertThat(gateway.registry.model("scaler").orElseThrow().state()).isEqualTo(ModelState.FAILED);
    }

    @Test
    void aFolderWhoseModelFileIsEncryptedAlreadyIsNotInstalled() throws Exception {
        givenVersionInstalledEncryptedAndActive("1.0.0", 2f);
        whenTheGatewayStarts(deviceKey, EncryptAtRest.AUTO);
        Path copied = Files.createDirectories(work.resolve("copied/scaler"));
        Files.copy(repository.resolve("scaler/1.0.0/model.bin"), copied.resolve("model.bin"));
        Files.writeString(copied.resolve("model.json"), KilledDuringActivationTest.modelJson("1.1.0", 2f));

        assertThatThrownBy(() -> gateway.registry.install(copied)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("is encrypted already").hasMessageContaining("install the plain version");
        assertThat(gateway.registry.model("scaler").orElseThrow().versions()).containsExactly("1.0.0");
    }

    @Test
    void withoutSignaturesAnEncryptedVersionLoadsToo() throws Exception {
        Path staged = givenAVersionStaged("1.0.0", 4f);
        gateway = new RegistryHarness();
        gateway.registry.encryption.segmentSize = 64;
        gateway.registry.setKeyProvider(deviceKey);
        backend = new AffineBackend();
        gateway.bind(backend);
        gateway.start(repository, EncryptAtRest.AUTO);

        gateway.registry.install(staged);
        gateway.registry.activate("scaler", "1.0.0");

        thenItServesWithScale(4f);
        thenNoPlaintextOfTheModelIsOnDisk();
    }

    // ---- steps ----

    private Path givenAVersionStaged(String version, float scale) throws Exception {
        Path folder = Files.createDirectories(work.resolve("staging/" + version + "/scaler"));
        Files.writeString(folder.resolve("model.json"), KilledDuringActivationTest.modelJson(version, scale));
        Files.writeString(folder.resolve("model.bin"), "scale=" + scale + "\n# " + MARKER + "\n" + "#".repeat(300) + "\n");
        return folder;
    }

    private Path givenASignedVersionStaged(String version, float scale) throws Exception {
        Path folder = givenAVersionStaged(version, scale);
        ModelSignatures.signer(signer).sign(folder);
        return folder;
    }

    private void givenVersionInstalledEncryptedAndActive(String version, float scale) throws Exception {
        Path staged = givenASignedVersionStaged(version, scale);
        whenTheGatewayStarts(deviceKey, EncryptAtRest.AUTO);
        gateway.registry.install(staged);
        gateway.registry.activate("scaler", version);
        gateway.stop();
        gateway = null;
    }

    private void whenTheGatewayStarts(FileKeyProvider keys, EncryptAtRest mode) {
        gateway = new RegistryHarness();
        gateway.registry.encryption.segmentSize = 64;
        gateway.registry.setModelTrust(trust);
        if (keys != null) {
            gateway.registry.setKeyProvider(keys);
        }
        backend = new AffineBackend();
        gateway.bind(backend);
        gateway.start(repository, mode);
        if (Files.isDirectory(repository.resolve("scaler"))) {
            gateway.awaitModel("scaler", m -> m.state() != ModelState.LOADING);
        }
    }

    private void thenItServesWithScale(float scale) {
        assertThat(gateway.infer("scaler", 1f, 2f).output("y").toFloatArray()).containsExactly(scale, 2 * scale);
    }

    private void thenNoPlaintextOfTheModelIsOnDisk() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(repository)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (java.nio.file.NoSuchFileException gone) {
                continue; // a marker the registry removed meanwhile (scaler/loading while a load ends): no model bytes
            }
            String content = new String(bytes, StandardCharsets.ISO_8859_1);
            assertThat(content).as("%s", file).doesNotContain(MARKER).doesNotContain("scale=");
        }
    }

    private static long directMemoryInUse() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream().filter(p -> p.getName().equals("direct"))
                .mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }
}
