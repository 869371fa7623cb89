package org.modelgate.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.audit.AuditEntry;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Feature: the shell's own install and update commands are no way around the signature check: a
 * bundle that did not come through the verifying installer never resolves, so none of its code runs.
 */
class UnverifiedBundleGuardTest {
    private static final String CAMERA = "org.example.camera";

    @TempDir
    static Path shared;
    private static Signers signers;

    @TempDir
    Path work;
    private Felix framework;
    private BundleContext context;
    private RecordingAudit audit;
    private VendorBundleInstaller installer;
    private UnverifiedBundleGuard guard;

    @BeforeAll
    static void givenSigners() throws Exception {
        signers = new Signers(shared);
    }

    @BeforeEach
    void givenAFrameworkGuardedByTheHook() throws Exception {
        Map<String, Object> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, work.resolve("cache").toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        framework = new Felix(properties);
        framework.start();
        context = framework.getBundleContext();
        audit = new RecordingAudit();
        installer = new VendorBundleInstaller(signers.trustStore, 1 << 20, work.resolve("staging"), new VendorBundles(context), audit);
    }

    @AfterEach
    void stopTheFramework() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    @Test
    void aBundleInstalledFromAFileByTheShellNeverResolves() throws Exception {
        givenTheGuard();
        Path jar = TestJars.write(work.resolve("plain.jar"), TestJars.bundle(CAMERA, "1.0.0"));

        Bundle bundle = context.installBundle(jar.toUri().toString());

        assertThatThrownBy(bundle::start).isInstanceOf(BundleException.class);
        assertThat(bundle.getState()).isEqualTo(Bundle.INSTALLED);
        AuditEntry entry = lastBlock();
        assertThat(entry.subject()).isEqualTo(CAMERA + " 1.0.0");
        assertThat(entry.details()).containsEntry("location", jar.toUri().toString())
                .hasEntrySatisfying("reason", r -> assertThat(r).contains("not through mg:install or deploy/"));
    }

    @Test
    void aSignedBundleFromTheInstallerRunsAndAnUpdateAroundTheInstallerIsBlocked() throws Exception {
        givenTheGuard();
        Path signed = TestJars.sign(TestJars.bundle(CAMERA, "1.0.0"), signers.acme, work.resolve("camera.jar"));
        installer.install(signed, "ops");
        Bundle camera = bundle(CAMERA);
        assertThat(camera.getState()).as("installed through the checked path").isEqualTo(Bundle.ACTIVE);

        assertThatThrownBy(() -> camera.update(new ByteArrayInputStream(TestJars.bundle(CAMERA, "6.6.6"))))
                .as("the update's restart fails").isInstanceOf(BundleException.class).hasMessageContaining("Resolver hook");
        refresh(camera);

        assertThat(camera.getState()).as("the foreign revision is never resolved").isEqualTo(Bundle.INSTALLED);
        assertThatThrownBy(camera::start).isInstanceOf(BundleException.class);
        assertThat(lastBlock().details()).containsEntry("reason", "updated in place, not through mg:install or deploy/");

        Path newer = TestJars.sign(TestJars.bundle(CAMERA, "7.0.0"), signers.acme, work.resolve("camera-7.jar"));
        installer.install(newer, "ops");
        assertThat(bundle(CAMERA).getVersion().toString()).isEqualTo("7.0.0");
        assertThat(bundle(CAMERA).getState()).as("a verified update lifts the block").isEqualTo(Bundle.ACTIVE);
    }

    @Test
    void aForeignBundleAlreadyRunningWhenTheGuardStartsIsStopped() throws Exception {
        Bundle old = context.installBundle("file:/opt/old-gateway/deploy/camera.jar",
                new ByteArrayInputStream(TestJars.bundle(CAMERA, "0.9.0")));
        old.start();

        givenTheGuard();

        assertThat(old.getState()).isNotEqualTo(Bundle.ACTIVE);
        assertThat(guard.isBlocked(old.getBundleId())).isTrue();
        assertThat(lastBlock().details()).hasEntrySatisfying("reason", r -> assertThat(r).contains("before the guard started"));
    }

    private void givenTheGuard() {
        guard = new UnverifiedBundleGuard(context, audit);
        context.registerService(ResolverHookFactory.class, guard, null);
    }

    private AuditEntry lastBlock() {
        List<AuditEntry> blocks = audit.entries().stream().filter(e -> e.action().equals("bundle.blocked")).toList();
        assertThat(blocks).isNotEmpty();
        return blocks.get(blocks.size() - 1);
    }

    private Bundle bundle(String name) {
        for (Bundle b : context.getBundles()) {
            if (name.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + name);
    }

    private void refresh(Bundle bundle) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), e -> done.countDown());
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    }
}
