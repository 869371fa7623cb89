package org.modelgate.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feature: the gateway's process tells a supervisor (systemd) how it is and how it ended. The real
 * {@link Main} runs in a child JVM: exit 0 after SIGTERM, 78 for a configuration that cannot work, 70
 * for a fault; under systemd READY=1, watchdog pings and STOPPING=1 reach systemd-notify.
 */
class SupervisedProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    Path home;
    @TempDir
    Path bin;
    private Process process;
    private Path log;

    @BeforeEach
    void givenAHomeWithOneFeature() throws IOException {
        Path system = home.resolve("system");
        copyToSystem(system, "org.osgi", "org.osgi.util.function", "1.2.0");
        Files.createDirectories(system.resolve("features"));
        Files.writeString(system.resolve("features/util.json"), """
                {"id": "t:util:1", "bundles": [{"id": "org.osgi:org.osgi.util.function:1.2.0", "start-order": 1}]}
                """);
        Files.createDirectories(home.resolve("etc"));
        log = bin.resolve("gateway.log");
    }

    @AfterEach
    void cleanUp() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Test
    void aSigtermStopsItInOrderWithZero() throws Exception {
        givenProperties("modelgate.features=util\n");
        whenStarted();
        thenLogSays("Modelgate started");
        process.destroy(); // SIGTERM
        thenExitCodeIs(0);
        thenLogSays("Modelgate stopped in");
    }

    @Test
    void aMissingFeatureIsAConfigurationErrorWith78() throws Exception {
        givenProperties("modelgate.features=util,nope\n");
        whenStarted();
        thenExitCodeIs(78);
        thenLogSays("Feature 'nope' not found");
        thenLogSays("(exit 78, a configuration error)");
    }

    @Test
    void anUndefinedVariableInModelgatePropertiesIsAConfigurationErrorWith78() throws Exception {
        givenProperties("modelgate.features=${no.such.variable}\n");
        whenStarted();
        thenExitCodeIs(78);
        thenLogSays("${no.such.variable}");
    }

    @Test
    void noEtcModelgatePropertiesIsAConfigurationErrorWith78() throws Exception {
        whenStarted();
        thenExitCodeIs(78);
        thenLogSays("modelgate.properties not found");
    }

    @Test
    void aFrameworkThatCannotStartIsAFaultWith70() throws Exception {
        givenProperties("modelgate.features=util\n");
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/cache"), "a file where the framework cache folder belongs");
        whenStarted();
        thenExitCodeIs(70);
        thenLogSays("The framework does not start");
        thenLogSays("(exit 70, a fault)");
    }

    @Test
    void underSystemdItSaysReadyPingsTheWatchdogAndSaysStopping() throws Exception {
        givenProperties("modelgate.features=util\n");
        Path messages = bin.resolve("messages");
        Path notify = bin.resolve("systemd-notify");
        Files.writeString(notify, "#!/bin/sh\necho \"$NOTIFY_SOCKET $*\" >> " + messages + "\n");
        Files.setPosixFilePermissions(notify, PosixFilePermissions.fromString("rwxr-xr-x"));

        whenStartedUnderSystemd(1_000_000);
        awaitLine(messages, "/run/test-notify READY=1 STATUS=started; models load in the background (GET /v2/health/ready)");
        awaitLine(messages, "/run/test-notify WATCHDOG=1 READY=1");
        process.destroy();
        thenExitCodeIs(0);
        awaitLine(messages, "/run/test-notify STOPPING=1");
    }

    // ---- given / when ----

    private void givenProperties(String text) throws IOException {
        Files.writeString(home.resolve("etc/modelgate.properties"), text);
    }

    private void whenStarted() throws IOException {
        start(List.of());
    }

    private void whenStartedUnderSystemd(long watchdogMicros) throws IOException {
        start(List.of("NOTIFY_SOCKET=/run/test-notify", "WATCHDOG_USEC=" + watchdogMicros));
    }

    private void start(List<String> environment) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmodelgate.home=" + home.toAbsolutePath(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().remove("NOTIFY_SOCKET");
        builder.environment().remove("WATCHDOG_USEC");
        builder.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        for (String assignment : environment) {
            String[] kv = assignment.split("=", 2);
            builder.environment().put(kv[0], kv[1]);
        }
        process = builder.start();
    }

    // ---- then ----

    private void thenExitCodeIs(int code) throws Exception {
        assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("ended:%n%s", logText()).isTrue();
        assertThat(process.exitValue()).as(logText()).isEqualTo(code);
    }

    private void thenLogSays(String text) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!logText().contains(text)) {
            assertThat(System.nanoTime()).as("'%s' in the log:%n%s", text, logText()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private void awaitLine(Path file, String line) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(file) || !Files.readAllLines(file).contains(line)) {
            assertThat(System.nanoTime()).as("'%s' sent to systemd; sent: %s%n%s", line,
                    Files.exists(file) ? Files.readAllLines(file) : "nothing", logText()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static void copyToSystem(Path system, String group, String artifact, String version) throws IOException {
        String file = artifact + "-" + version + ".jar";
        Path jar = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
                .filter(p -> p.getFileName().toString().equals(file)).findFirst()
                .orElseThrow(() -> new IllegalStateException(file + " is not on the test class path"));
        Path target = ArtifactCoordinates.parse(group + ":" + artifact + ":" + version).pathIn(system);
        Files.createDirectories(target.getParent());
        Files.copy(jar, target);
    }
}
