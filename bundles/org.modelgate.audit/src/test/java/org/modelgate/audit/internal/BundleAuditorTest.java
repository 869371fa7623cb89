package org.modelgate.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.audit.AuditEntry;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * Feature: bundle changes made while the gateway runs are recorded, in a real Felix framework.
 */
class BundleAuditorTest {
    @TempDir
    Path folder;
    private Felix framework;
    private LogFixture fixture;
    private BundleAuditor auditor;
    private BundleContext context;

    @BeforeEach
    void givenARunningFrameworkWatchedByTheAuditor() throws Exception {
        Map<String, Object> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, folder.resolve("cache").toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        framework = new Felix(properties);
        framework.start();
        fixture = new LogFixture(folder);
        fixture.start();
        auditor = new BundleAuditor();
        auditor.audit = fixture.log;
        context = framework.getBundleContext();
        auditor.activate(context);
        // the framework is up already: the boot entry follows the start level request queued behind any in progress
        awaitEntries(1);
    }

    @AfterEach
    void stopEverything() throws Exception {
        auditor.deactivate(context);
        framework.stop();
        framework.waitForStop(10_000);
        fixture.stop();
    }

    @Test
    void startIsRecordedOnceNotPerBundle() throws InterruptedException {
        List<AuditEntry> entries = fixture.log.tail(10);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).action()).isEqualTo("framework.bundles");
        assertThat(entries.get(0).details()).containsEntry("bundles", "1").containsEntry("active", "1");
    }

    @Test
    void installStartStopUpdateAndUninstallAreRecorded() throws Exception {
        Bundle bundle = framework.getBundleContext().installBundle("test:example", jar("org.example.foo", "1.0.0"));
        bundle.start();
        bundle.stop();
        bundle.update(new ByteArrayInputStream(jar("org.example.foo", "1.1.0").readAllBytes()));
        bundle.uninstall();
        List<AuditEntry> entries = awaitEntries(6);
        assertThat(entries).extracting(AuditEntry::action).containsExactly("framework.bundles", "bundle.installed",
                "bundle.started", "bundle.stopped", "bundle.updated", "bundle.uninstalled");
        assertThat(entries.subList(1, 6)).extracting(AuditEntry::subject).containsExactly("org.example.foo 1.0.0",
                "org.example.foo 1.0.0", "org.example.foo 1.0.0", "org.example.foo 1.1.0", "org.example.foo 1.1.0");
        assertThat(entries).allMatch(e -> e.actor().equals("framework"));
        assertThat(entries.get(1).details()).containsEntry("location", "test:example")
                .containsEntry("bundleId", Long.toString(bundle.getBundleId()))
                .containsEntry("by", "org.apache.felix.framework " + framework.getVersion());
        assertThat(fixture.log.verify().ok()).isTrue();
    }

    @Test
    void eventsWhileTheFrameworkStopsAreNotRecorded() throws Exception {
        Bundle bundle = framework.getBundleContext().installBundle("test:example", jar("org.example.foo", "1.0.0"));
        bundle.start();
        awaitEntries(3);
        framework.stop();
        framework.waitForStop(10_000);
        assertThat(fixture.log.tail(10)).extracting(AuditEntry::action)
                .containsExactly("framework.bundles", "bundle.installed", "bundle.started");
    }

    @Test
    void bundlesStartedByTheLauncherRaisingTheStartLevelAreTheBootNotChanges() throws Exception {
        givenAFrameworkAtLevel1ServingAt3("cache2");
        Bundle bundle = persistentlyStarted("org.example.booted", 2);
        int before = givenANewAuditor();

        java.util.concurrent.CountDownLatch raised = new java.util.concurrent.CountDownLatch(1);
        framework.adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class).setStartLevel(3, e -> raised.countDown());
        raised.await(10, java.util.concurrent.TimeUnit.SECONDS);
        List<AuditEntry> boot = awaitEntries(before + 1).subList(before, before + 1);
        bundle.stop();

        assertThat(boot).extracting(AuditEntry::action).containsExactly("framework.bundles");
        assertThat(boot.get(0).details()).as("counted once the gateway is up").containsEntry("active", "2");
        List<AuditEntry> after = awaitEntries(before + 2);
        assertThat(after.subList(before, after.size())).extracting(AuditEntry::action)
                .as("a stop once the gateway is up is a change").containsExactly("framework.bundles", "bundle.stopped");
    }

    @Test
    void bundlesOfTheServingLevelNotYetResolvedArePartOfTheBoot() throws Exception {
        givenAFrameworkAtLevel1ServingAt3("cache3");
        // as the launcher leaves them: persistently started, still INSTALLED until their level comes
        for (String name : List.of("org.example.first", "org.example.second", "org.example.last")) {
            Bundle bundle = context.installBundle("test:" + name, jar(name, "1.0.0"));
            bundle.adapt(org.osgi.framework.startlevel.BundleStartLevel.class).setStartLevel(3);
            bundle.start();
        }
        auditor = new BundleAuditor();
        auditor.audit = fixture.log;
        auditor.activate(context);
        int before = fixture.log.tail(100).size();

        java.util.concurrent.CountDownLatch raised = new java.util.concurrent.CountDownLatch(1);
        framework.adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class).setStartLevel(3, e -> raised.countDown());
        raised.await(10, java.util.concurrent.TimeUnit.SECONDS);
        List<AuditEntry> entries = awaitEntries(before + 1);
        Thread.sleep(200); // a late bundle.started entry would be written by now

        assertThat(fixture.log.tail(100).subList(before, fixture.log.tail(100).size())).extracting(AuditEntry::action)
                .as("one boot entry, no bundle.started of the last bundles").containsExactly("framework.bundles");
        assertThat(entries.get(before).details()).containsEntry("active", "4");
    }

    @Test
    void aLateAuditorWaitsForTheBootToGoQuietNotForAFixedTime() throws Exception {
        givenAFrameworkAtLevel1ServingAt3("cache4");
        Bundle broken = context.installBundle("test:broken", jar("org.example.broken", "1.0.0", "org.example.nowhere"));
        broken.adapt(org.osgi.framework.startlevel.BundleStartLevel.class).setStartLevel(3);
        broken.start(); // persistently started, never resolves: the boot never "settles"
        java.util.concurrent.CountDownLatch raised = new java.util.concurrent.CountDownLatch(1);
        framework.adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class).setStartLevel(3, e -> raised.countDown());
        raised.await(10, java.util.concurrent.TimeUnit.SECONDS);
        Bundle slowFirst = context.installBundle("test:slow1", jar("org.example.slow1", "1.0.0"));
        Bundle slowSecond = context.installBundle("test:slow2", jar("org.example.slow2", "1.0.0"));
        auditor = new BundleAuditor();
        auditor.audit = fixture.log;
        // grace and pauses leave 4 s to a test thread that a loaded machine holds up
        auditor.graceNanos = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        int before = fixture.log.tail(100).size();

        // given an auditor that activates while the last bundles of a slow boot are still coming up
        auditor.activate(context);
        Thread.sleep(6_000);
        slowFirst.start();
        Thread.sleep(6_000);
        slowSecond.start(); // 12 s after the activation, more than the grace period, but 6 s after the last start

        long deadline = System.currentTimeMillis() + 30_000;
        while (fixture.log.tail(100).size() == before && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        List<AuditEntry> entries = fixture.log.tail(100);
        assertThat(entries.subList(before, entries.size())).extracting(AuditEntry::action)
                .as("the bundles started during the boot are part of its entry").containsExactly("framework.bundles");
        assertThat(entries.get(before).details()).containsEntry("bundles", "4").containsEntry("active", "3");
    }

    @Test
    void aStartLevelEventThatComesLateDoesNotEndTheBootWhileBundlesOfTheServingLevelStart() throws Exception {
        givenAFrameworkAtLevel1ServingAt3("cache5");
        Bundle broken = context.installBundle("test:broken", jar("org.example.broken", "1.0.0", "org.example.nowhere"));
        broken.adapt(org.osgi.framework.startlevel.BundleStartLevel.class).setStartLevel(3);
        broken.start();
        Bundle last = context.installBundle("test:last", jar("org.example.last", "1.0.0"));
        last.adapt(org.osgi.framework.startlevel.BundleStartLevel.class).setStartLevel(3);
        auditor = new BundleAuditor();
        auditor.audit = fixture.log;
        auditor.graceNanos = java.util.concurrent.TimeUnit.SECONDS.toNanos(10); // last.start() below must come within it
        auditor.activate(context);
        int before = fixture.log.tail(100).size();
        java.util.concurrent.CountDownLatch raised = new java.util.concurrent.CountDownLatch(1);
        framework.adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class).setStartLevel(3, e -> raised.countDown());
        raised.await(10, java.util.concurrent.TimeUnit.SECONDS);

        // given the framework at the serving level while a bundle of it is not started yet (as the launcher's next
        // level is being raised), when the event of an earlier level is delivered (asynchronously, late)
        auditor.frameworkEvent(new org.osgi.framework.FrameworkEvent(org.osgi.framework.FrameworkEvent.STARTLEVEL_CHANGED,
                framework, null));
        Thread.sleep(200);
        last.start();

        long deadline = System.currentTimeMillis() + 30_000;
        while (fixture.log.tail(100).size() == before && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(200);
        List<AuditEntry> entries = fixture.log.tail(100);
        assertThat(entries.subList(before, entries.size())).extracting(AuditEntry::action)
                .as("the last bundle's start is part of the boot, not a change").containsExactly("framework.bundles");
        assertThat(entries.get(before).details()).containsEntry("active", "2");
    }

    @Test
    void aStartedEventThatArrivesAfterTheBootWasRecordedIsPartOfTheBoot() throws Exception {
        givenAFrameworkAtLevel1ServingAt3("cache6");
        Bundle last = persistentlyStarted("org.example.last", 3);
        int before = givenANewAuditor();
        framework.adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class).setStartLevel(3);
        long deadline = System.currentTimeMillis() + 30_000;
        while (fixture.log.tail(100).size() == before && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }

        // given the boot recorded by one thread that saw the last bundle ACTIVE, when that bundle's STARTED event
        // reaches the auditor only then (the framework sets the state before it delivers the event)
        auditor.bundleChanged(new org.osgi.framework.BundleEvent(org.osgi.framework.BundleEvent.STARTED, last));
        // and the bundle is stopped and started again later, a real change
        last.stop();
        last.start();

        List<AuditEntry> entries = fixture.log.tail(100);
        assertThat(entries.subList(before, entries.size())).extracting(AuditEntry::action)
                .as("the late event of the boot is not a change; the later stop and start are")
                .containsExactly("framework.bundles", "bundle.stopped", "bundle.started");
    }

    /** A bundle installed at a start level and started persistently, as the launcher provisions it. */
    private Bundle persistentlyStarted(String symbolicName, int level) throws Exception {
        Bundle bundle = context.installBundle("test:" + symbolicName, jar(symbolicName, "1.0.0"));
        bundle.adapt(org.osgi.framework.startlevel.BundleStartLevel.class).setStartLevel(level);
        bundle.start();
        return bundle;
    }

    /** A new auditor activated on the current framework, as SCR activates it; the number of entries before it. */
    private int givenANewAuditor() {
        auditor = new BundleAuditor();
        auditor.audit = fixture.log;
        auditor.activate(context);
        return fixture.log.tail(100).size();
    }

    /** A new framework as the launcher starts it: at level 1, raised to the serving level 3 later. */
    private void givenAFrameworkAtLevel1ServingAt3(String cache) throws Exception {
        auditor.deactivate(context);
        framework.stop();
        framework.waitForStop(10_000);
        Map<String, Object> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, folder.resolve(cache).toString());
        properties.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, "1");
        properties.put(BundleAuditor.SERVING_START_LEVEL, "3");
        framework = new Felix(properties);
        framework.start();
        context = framework.getBundleContext();
    }

    private List<AuditEntry> awaitEntries(int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (fixture.log.tail(count).size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        return fixture.log.tail(count + 5);
    }

    private static ByteArrayInputStream jar(String symbolicName, String version) throws Exception {
        return jar(symbolicName, version, null);
    }

    private static ByteArrayInputStream jar(String symbolicName, String version, String importPackage) throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, symbolicName);
        main.putValue(Constants.BUNDLE_VERSION, version);
        if (importPackage != null) {
            main.putValue(Constants.IMPORT_PACKAGE, importPackage);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            // a manifest is all a bundle needs
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
