package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelState;
import org.modelgate.api.VersionEvent;
import org.modelgate.security.ModelSignatures;
import org.modelgate.security.SigningCertificate;
import org.modelgate.security.SigningKey;
import org.modelgate.security.internal.TrustedModels;

/**
 * A gateway whose trust store holds only an organisation's CA (model-ca/): a version signed with a code-signing
 * certificate of that CA installs, and its subject is recorded as the signer in the history; bad certificates and
 * chains are refused with the reason, and the registry is unchanged.
 */
class CertificateSignedModelsTest {
    /** The security bundle's test PKI (made by its gen.sh). */
    private static final Path PKI = Path.of("../org.modelgate.security/src/test/resources/certificates");

    @TempDir
    Path repository;
    @TempDir
    Path trustStore;
    @TempDir
    Path staging;
    private RegistryHarness gateway;

    @BeforeEach
    void givenAGatewayTrustingOnlyTheOrganisationsCa() throws Exception {
        Files.createDirectories(trustStore.resolve("model-ca"));
        Files.copy(PKI.resolve("root-ca.pem"), trustStore.resolve("model-ca/acme-root.pem"));
        TrustedModels trust = new TrustedModels((TrustedModels.Config) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { TrustedModels.Config.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "trustStore" -> trustStore.toString();
                    case "allowUnsigned" -> new String[0];
                    default -> TrustedModels.Config.class;
                }));
        Path first = new ModelRepositoryFixture(repository).model("scaler", "1.0.0",
                KilledDuringActivationTest.modelJson("1.0.0", 2f), "model.bin", "scale=2");
        sign(first, "signer", "int-ca.pem");
        gateway = new RegistryHarness();
        gateway.registry.setModelTrust(trust);
        gateway.bind(new AffineBackend());
        gateway.start(repository, true);
        gateway.awaitModel("scaler", m -> m.state() != ModelState.LOADING);
    }

    @AfterEach
    void stop() {
        gateway.stop();
    }

    @Test
    void aCertificateSignedVersionInstallsAndItsSubjectIsTheSigner() throws Exception {
        Path folder = givenVersion("1.1.0");
        sign(folder, "signer", "int-ca.pem");

        gateway.registry.install(folder);

        assertThat(gateway.registry.model("scaler").orElseThrow().versions()).containsExactly("1.0.0", "1.1.0");
        assertThat(gateway.registry.history("scaler")).filteredOn(e -> e.version().equals("1.1.0"))
                .filteredOn(e -> e.kind() == VersionEvent.Kind.INSTALLED).singleElement()
                .satisfies(e -> assertThat(e.reason()).endsWith("; signed by EMAILADDRESS=models@acme.example,CN=Acme Model"
                        + " Release,O=Acme <models@acme.example> (certificate serial 2001, CA acme-root)"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "loop-signer, loop-chain, untrusted-certificate, loops",
        "no-code-signing, int-ca.pem, certificate-not-for-signing, not for code signing",
        "ca-signer, int-ca.pem, certificate-not-for-signing, is a CA certificate",
        "expired, int-ca.pem, expired-certificate, 2021-01-01T00:00:00Z",
        "signer, , untrusted-certificate, Modelgate Test Models CA"})
    void aBadCertificateIsRefusedAndTheRegistryIsUnchanged(String certificate, String chain, String problem, String why)
            throws Exception {
        Path folder = givenVersion("1.1.0");
        sign(folder, certificate, chain);

        assertThatThrownBy(() -> gateway.registry.install(folder)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(problem).hasMessageContaining(why);

        thenTheRegistryIsUnchanged();
    }

    @Test
    void aSignatureOverTheSizeLimitIsRefusedAndTheRegistryIsUnchanged() throws Exception {
        Path folder = givenVersion("1.1.0");
        sign(folder, "signer", "int-ca.pem");
        Files.write(folder.resolve("model.sig"), new byte[16 * 1024 * 1024], java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(() -> gateway.registry.install(folder)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("malformed-bundle").hasMessageContaining("a signature may have");

        thenTheRegistryIsUnchanged();
    }

    private void thenTheRegistryIsUnchanged() throws Exception {
        assertThat(gateway.registry.model("scaler").orElseThrow().versions()).containsExactly("1.0.0");
        assertThat(gateway.registry.history("scaler")).noneMatch(e -> e.version().equals("1.1.0"));
        try (Stream<Path> entries = Files.list(repository.resolve("scaler"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".") || n.equals("1.1.0"));
        }
    }

    private Path givenVersion(String version) throws Exception {
        Path folder = Files.createDirectories(staging.resolve("scaler-" + version));
        Files.writeString(folder.resolve("model.json"), KilledDuringActivationTest.modelJson(version, 3f));
        Files.writeString(folder.resolve("model.bin"), "scale=3");
        return folder;
    }

    private void sign(Path folder, String certificate, String chain) throws Exception {
        Path chainFile = null;
        if ("loop-chain".equals(chain)) {
            chainFile = staging.resolve("loop-chain.pem");
            Files.writeString(chainFile, Files.readString(PKI.resolve("loop-a.pem")) + Files.readString(PKI.resolve("loop-b.pem")));
        } else if (chain != null) {
            chainFile = PKI.resolve(chain);
        }
        ModelSignatures.signer(SigningKey.fromPemFile(PKI.resolve(certificate + ".key.pem")),
                SigningCertificate.fromPemFiles(PKI.resolve(certificate + ".pem"), chainFile)).sign(folder);
    }
}
