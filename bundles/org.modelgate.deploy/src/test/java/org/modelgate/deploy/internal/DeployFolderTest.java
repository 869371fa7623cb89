package org.modelgate.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.audit.AuditEntry;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

/**
 * Feature: bundle jars dropped into the deploy folder are installed when signed by a trusted bundle signer,
 * moved to deploy/.refused/ with the reason otherwise (never installed), and uninstalled when deleted; a
 * restart installs nothing twice.
 */
class DeployFolderTest {
    private static final String CAMERA = "org.example.camera";

    @TempDir
    static Path shared;
    private static Signers signers;

    @TempDir
    Path work;
    private Felix framework;
    private RecordingAudit audit;
    private VendorBundleInstaller installer;
    private Path deploy;
    private Path state;
    private DeployScan scan;

    @BeforeAll
    static void givenSignersAndATrustStore() throws Exception {
        signers = new Signers(shared);
    }

    @BeforeEach
    void givenAFrameworkTheInstallerAndAnEmptyDeployFolder() throws Exception {
        Map<String, Object> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, work.resolve("cache").toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        framework = new Felix(properties);
        framework.start();
        audit = new RecordingAudit();
        installer = new VendorBundleInstaller(signers.trustStore, 1 << 20, work.resolve("staging"),
                new VendorBundles(framework.getBundleContext()), audit);
        deploy = Files.createDirectories(work.resolve("deploy"));
        state = work.resolve("data/deployed.properties");
        scan = new DeployScan(deploy, installer, DeployedFiles.load(state));
    }

    @AfterEach
    void stopTheFramework() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    @Test
    void aSignedJarIsInstalledOnceItStoodStill() throws Exception {
        givenDropped("camera.jar", signed(CAMERA, "1.0.0"));
        scan.scan();
        assertThat(bundle(CAMERA)).as("first sight: it may still be being copied").isEmpty();
        scan.scan();
        assertThat(bundle(CAMERA)).hasValueSatisfying(b -> assertThat(b.getState()).isEqualTo(Bundle.ACTIVE));
        assertThat(audit.last().actor()).isEqualTo("deploy");
        assertThat(audit.last().action()).isEqualTo("bundle.installed");
        scan.scan();
        assertThat(audit.entries()).as("taken once").hasSize(1);
    }

    @Test
    void anUnsignedJarIsMovedAsideWithItsReasonAndNeverInstalled() throws Exception {
        givenDropped("plain.jar", TestJars.bundle("org.example.plain", "1.0.0"));
        scan.scan();
        scan.scan();
        assertThat(bundle("org.example.plain")).isEmpty();
        assertThat(deploy.resolve("plain.jar")).doesNotExist();
        assertThat(deploy.resolve(".refused/plain.jar")).exists();
        assertThat(Files.readString(deploy.resolve(".refused/plain.jar.reason"))).contains("not-signed: ")
                .contains("plain.jar refused: not signed");
        assertThat(audit.last().action()).isEqualTo("bundle.refused");
        scan.scan();
        assertThat(framework.getBundleContext().getBundles()).hasSize(1);
    }

    @Test
    void aJarStillBeingWrittenIsNotTakenHalfWay() throws Exception {
        byte[] whole = signed(CAMERA, "1.0.0");
        givenDropped("camera.jar", Arrays.copyOf(whole, whole.length / 2));
        scan.scan();
        Files.write(deploy.resolve("camera.jar"), Arrays.copyOfRange(whole, whole.length / 2, whole.length),
                StandardOpenOption.APPEND);
        scan.scan();
        assertThat(deploy.resolve("camera.jar")).as("not refused half-written").exists();
        scan.scan();
        assertThat(bundle(CAMERA)).isPresent();
    }

    @Test
    void deletingTheJarUninstallsItsBundle() throws Exception {
        givenInstalledFromDeploy("camera.jar", signed(CAMERA, "1.0.0"));
        Files.delete(deploy.resolve("camera.jar"));
        scan.scan();
        assertThat(bundle(CAMERA)).isEmpty();
        assertThat(audit.last().action()).isEqualTo("bundle.uninstalled");
    }

    @Test
    void aNewerJarUpdatesTheBundle() throws Exception {
        givenInstalledFromDeploy("camera.jar", signed(CAMERA, "1.0.0"));
        givenDropped("camera.jar", signed(CAMERA, "1.1.0"));
        scan.scan();
        scan.scan();
        assertThat(bundle(CAMERA)).hasValueSatisfying(b -> assertThat(b.getVersion().toString()).isEqualTo("1.1.0"));
        assertThat(audit.last().action()).isEqualTo("bundle.updated");
    }

    @Test
    void aBadReplacementIsRefusedAndTheRunningVersionStays() throws Exception {
        givenInstalledFromDeploy("camera.jar", signed(CAMERA, "1.0.0"));
        Path tampered = TestJars.replaceEntry(deploy.resolve("camera.jar"), work.resolve("tampered.jar"),
                "org/example/vendor/labels.txt", "mouse".getBytes(StandardCharsets.UTF_8));
        givenDropped("camera.jar", Files.readAllBytes(tampered));
        scan.scan();
        scan.scan();
        scan.scan();
        assertThat(deploy.resolve(".refused/camera.jar")).exists();
        assertThat(bundle(CAMERA)).hasValueSatisfying(b -> {
            assertThat(b.getVersion().toString()).isEqualTo("1.0.0");
            assertThat(b.getState()).isEqualTo(Bundle.ACTIVE);
        });
    }

    @Test
    void aRestartInstallsNothingTwiceAndNoticesWhatWasDeletedMeanwhile() throws Exception {
        givenInstalledFromDeploy("camera.jar", signed(CAMERA, "1.0.0"));
        givenInstalledFromDeploy("lens.jar", signed("org.example.lens", "1.0.0"));
        int entries = audit.entries().size();

        Files.delete(deploy.resolve("lens.jar"));
        scan = new DeployScan(deploy, installer, DeployedFiles.load(state)); // the gateway restarted
        scan.scan();
        scan.scan();

        assertThat(audit.entries().subList(entries, audit.entries().size())).extracting(AuditEntry::action)
                .containsExactly("bundle.uninstalled");
        assertThat(bundle(CAMERA)).isPresent();
        assertThat(bundle("org.example.lens")).isEmpty();
    }

    @Test
    void theComponentWatchesTheFolderByItself() throws Exception {
        DeployFolder component = new DeployFolder(framework.getBundleContext(), config(deploy, 50), installer);
        try {
            givenDropped("camera.jar", signed(CAMERA, "1.0.0"));
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (bundle(CAMERA).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(bundle(CAMERA)).isPresent();
        } finally {
            component.stop();
        }
    }

    private void givenInstalledFromDeploy(String name, byte[] jar) throws Exception {
        givenDropped(name, jar);
        scan.scan();
        scan.scan();
        assertThat(scan.deployedNames()).contains(name);
    }

    private void givenDropped(String name, byte[] jar) throws Exception {
        Path file = deploy.resolve(name);
        boolean replacing = Files.exists(file);
        Files.write(file, jar);
        if (replacing) {
            // A replacement within the file system's time resolution and of the same size would look unchanged.
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        }
    }

    private byte[] signed(String symbolicName, String version) throws Exception {
        Path out = work.resolve(symbolicName + "-" + version + ".jar");
        return Files.readAllBytes(TestJars.sign(TestJars.bundle(symbolicName, version), signers.acme, out));
    }

    private Optional<Bundle> bundle(String symbolicName) {
        List<Bundle> named = Arrays.stream(framework.getBundleContext().getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName())).toList();
        return named.stream().findFirst();
    }

    private static DeployFolder.Config config(Path folder, long pollMillis) {
        return new DeployFolder.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DeployFolder.Config.class;
            }

            @Override
            public String folder() {
                return folder.toString();
            }

            @Override
            public long pollMillis() {
                return pollMillis;
            }
        };
    }
}
