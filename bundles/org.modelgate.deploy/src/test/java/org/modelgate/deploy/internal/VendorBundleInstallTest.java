package org.modelgate.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.BundleRefusedException;
import org.modelgate.api.BundleRefusedException.Reason;
import org.modelgate.api.InstalledBundle;
import org.modelgate.audit.AuditEntry;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

/**
 * Feature: signed vendor bundles are installed, updated, started and uninstalled in a real Felix, every
 * change and every refusal audited; a refused jar never reaches the framework.
 */
class VendorBundleInstallTest {
    private static final String CAMERA = "org.example.camera";

    @TempDir
    static Path shared;
    private static Signers signers;

    @TempDir
    Path work;
    private Felix framework;
    private RecordingAudit audit;
    private VendorBundleInstaller installer;
    private Path staging;
    private InstalledBundle result;

    @BeforeAll
    static void givenSignersAndATrustStore() throws Exception {
        signers = new Signers(shared);
    }

    @BeforeEach
    void givenARunningFrameworkAndTheInstaller() throws Exception {
        Map<String, Object> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, work.resolve("cache").toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        framework = new Felix(properties);
        framework.start();
        audit = new RecordingAudit();
        staging = work.resolve("staging");
        installer = new VendorBundleInstaller(signers.trustStore, 1 << 20, staging,
                new VendorBundles(framework.getBundleContext()), audit);
    }

    @AfterEach
    void stopTheFramework() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    @Test
    void aSignedBundleIsInstalledStartedAndAudited() throws Exception {
        Path jar = givenSignedJar("camera-1.0.0.jar", CAMERA, "1.0.0", signers.acme);
        whenInstalled(jar, "ops");
        Bundle bundle = thenInstalled(CAMERA, "1.0.0");
        assertThat(bundle.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(bundle.getLocation()).isEqualTo("modelgate-vendor:" + CAMERA);
        assertThat(result.bundleId()).isEqualTo(bundle.getBundleId());
        assertThat(result.started()).isTrue();
        assertThat(result.isUpdate()).isFalse();
        assertThat(result.signerKey()).isEqualTo("acme");
        assertThat(result.sha256()).isEqualTo(sha256(jar));
        AuditEntry entry = audit.last();
        assertThat(entry.actor()).isEqualTo("ops");
        assertThat(entry.action()).isEqualTo("bundle.installed");
        assertThat(entry.subject()).isEqualTo(CAMERA + " 1.0.0");
        assertThat(entry.details()).containsEntry("signer", "CN=acme,O=Modelgate Tests").containsEntry("signerKey", "acme")
                .containsEntry("sha256", sha256(jar)).containsEntry("file", jar.toAbsolutePath().toString())
                .containsEntry("started", "true");
        thenNothingIsLeftInStaging();
    }

    @Test
    void aNewerVersionUpdatesTheSameBundle() throws Exception {
        whenInstalled(givenSignedJar("camera-1.0.0.jar", CAMERA, "1.0.0", signers.acme), "ops");
        long id = result.bundleId();
        whenInstalled(givenSignedJar("camera-1.1.0.jar", CAMERA, "1.1.0", signers.rsaVendor), "console");
        Bundle bundle = thenInstalled(CAMERA, "1.1.0");
        assertThat(bundle.getBundleId()).isEqualTo(id);
        assertThat(bundle.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(result.previousVersion()).isEqualTo("1.0.0");
        assertThat(audit.last().action()).isEqualTo("bundle.updated");
        assertThat(audit.last().details()).containsEntry("previous", "1.0.0").containsEntry("signerKey", "rsa-vendor");
    }

    @Test
    void anOlderVersionIsRefusedAndTheInstalledOneKeepsRunning() throws Exception {
        whenInstalled(givenSignedJar("camera-1.1.0.jar", CAMERA, "1.1.0", signers.acme), "ops");
        Path older = givenSignedJar("camera-1.0.0.jar", CAMERA, "1.0.0", signers.acme);
        thenRefused(older, Reason.DOWNGRADE).hasMessageContaining("1.0.0 is older than the installed 1.1.0");
        assertThat(thenInstalled(CAMERA, "1.1.0").getState()).isEqualTo(Bundle.ACTIVE);
    }

    @Test
    void anUnsignedJarNeverReachesTheFramework() throws Exception {
        Path jar = TestJars.write(work.resolve("plain.jar"), TestJars.bundle(CAMERA, "1.0.0"));
        thenRefused(jar, Reason.NOT_SIGNED);
        assertThat(bundleNamed(CAMERA)).isEmpty();
        assertThat(framework.getBundleContext().getBundles()).hasSize(1);
        AuditEntry entry = audit.last();
        assertThat(entry.action()).isEqualTo("bundle.refused");
        assertThat(entry.actor()).isEqualTo("ops");
        assertThat(entry.subject()).isEqualTo("plain.jar");
        assertThat(entry.details()).containsEntry("reason", "not-signed").containsEntry("sha256", sha256(jar))
                .hasEntrySatisfying("message", m -> assertThat(m).contains("not signed"));
        thenNothingIsLeftInStaging();
    }

    @Test
    void aBundleOfTheDistributionCannotBeReplaced() throws Exception {
        Bundle platform = framework.getBundleContext().installBundle("mvn:org.example/platform/1.0.0",
                new java.io.ByteArrayInputStream(TestJars.bundle("org.example.platform", "1.0.0")));
        Path jar = givenSignedJar("platform.jar", "org.example.platform", "2.0.0", signers.acme);
        thenRefused(jar, Reason.NOT_A_VENDOR_BUNDLE).hasMessageContaining("installed from mvn:org.example/platform/1.0.0");
        assertThat(platform.getVersion().toString()).isEqualTo("1.0.0");
        assertThatThrownBy(() -> installer.uninstall("org.example.platform", "ops")).isInstanceOf(BundleRefusedException.class);
        assertThat(platform.getState()).isNotEqualTo(Bundle.UNINSTALLED);
    }

    @Test
    void aBundleThatCannotResolveStaysInstalledWithTheReason() throws Exception {
        Path jar = givenSignedJar("needy.jar", CAMERA, "1.0.0", signers.acme, "Import-Package", "org.example.missing");
        whenInstalled(jar, "ops");
        assertThat(result.started()).isFalse();
        assertThat(result.problem()).contains("org.example.missing");
        assertThat(thenInstalled(CAMERA, "1.0.0").getState()).isEqualTo(Bundle.INSTALLED);
        assertThat(audit.last().details()).containsEntry("started", "false").containsKey("problem");
    }

    @Test
    void aVendorBundleIsUninstalled() throws Exception {
        whenInstalled(givenSignedJar("camera.jar", CAMERA, "1.0.0", signers.acme), "ops");
        InstalledBundle removed = installer.uninstall(CAMERA, "deploy");
        assertThat(removed.version()).isEqualTo("1.0.0");
        assertThat(bundleNamed(CAMERA)).isEmpty();
        assertThat(audit.last().action()).isEqualTo("bundle.uninstalled");
        assertThat(audit.last().actor()).isEqualTo("deploy");
        assertThatThrownBy(() -> installer.uninstall(CAMERA, "deploy")).isInstanceOf(BundleRefusedException.class)
                .hasMessageContaining("no vendor bundle named " + CAMERA);
    }

    @Test
    void aKeyRevokedWhileRunningCountsForTheNextJar() throws Exception {
        Path trust = work.resolve("trust");
        signers.acme.trustAs(trust, "bundle-signer", "acme");
        installer = new VendorBundleInstaller(trust, 1 << 20, staging, new VendorBundles(framework.getBundleContext()), audit);
        whenInstalled(givenSignedJar("camera-1.0.0.jar", CAMERA, "1.0.0", signers.acme), "ops");
        Files.writeString(trust.resolve("revoked.txt"), "acme\n");
        thenRefused(givenSignedJar("camera-1.1.0.jar", CAMERA, "1.1.0", signers.acme), Reason.REVOKED_SIGNER);
        assertThat(thenInstalled(CAMERA, "1.0.0").getState()).isEqualTo(Bundle.ACTIVE);
    }

    @Test
    void anUnreadableTrustStoreRefusesEverything() throws Exception {
        installer = new VendorBundleInstaller(work.resolve("no-trust"), 1 << 20, staging,
                new VendorBundles(framework.getBundleContext()), audit);
        thenRefused(givenSignedJar("camera.jar", CAMERA, "1.0.0", signers.acme), Reason.TRUST_STORE)
                .hasMessageContaining("the trust store cannot be read");
        assertThat(bundleNamed(CAMERA)).isEmpty();
    }

    @Test
    void aMissingOrOversizedFileIsRefusedAsUnreadable() throws Exception {
        thenRefused(work.resolve("nope.jar"), Reason.UNREADABLE).hasMessageContaining("no such file");
        installer = new VendorBundleInstaller(signers.trustStore, 100, staging, new VendorBundles(framework.getBundleContext()),
                audit);
        thenRefused(givenSignedJar("camera.jar", CAMERA, "1.0.0", signers.acme), Reason.UNREADABLE)
                .hasMessageContaining("bigger than 100 bytes");
        thenNothingIsLeftInStaging();
    }

    private Path givenSignedJar(String file, String symbolicName, String version, TestSigner signer, String... headers)
            throws IOException {
        return TestJars.sign(TestJars.bundle(symbolicName, version, headers), signer, work.resolve(file));
    }

    private void whenInstalled(Path jar, String actor) {
        result = installer.install(jar, actor);
    }

    private org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> thenRefused(Path jar, Reason reason) {
        return assertThatThrownBy(() -> installer.install(jar, "ops")).isInstanceOf(BundleRefusedException.class)
                .satisfies(e -> assertThat(((BundleRefusedException) e).reason()).isEqualTo(reason));
    }

    private Bundle thenInstalled(String symbolicName, String version) {
        List<Bundle> named = bundleNamed(symbolicName);
        assertThat(named).hasSize(1);
        assertThat(named.get(0).getVersion().toString()).isEqualTo(version);
        return named.get(0);
    }

    private List<Bundle> bundleNamed(String symbolicName) {
        return Arrays.stream(framework.getBundleContext().getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
                .toList();
    }

    private void thenNothingIsLeftInStaging() throws IOException {
        try (Stream<Path> left = Files.list(staging)) {
            assertThat(left).isEmpty();
        }
    }

    private static String sha256(Path file) throws IOException {
        return java.util.HexFormat.of().formatHex(KeyHint.sha256().digest(Files.readAllBytes(file)));
    }
}
