package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modelgate.distribution.ItFiles.freePort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Feature: later starts map the launcher's class path and the JDK classes of a boot from a class data archive
 * (AppCDS) that bin/modelgate has the JVM write when the first gateway stops in order. The archive is used only
 * when it holds a whole boot and a JVM could map it: one cut short by a kill is dropped, the gateway starts
 * without it and makes another; one of a start that ended in a configuration error is never used.
 */
class ClassDataArchiveIT {
    private static final Duration READY = Duration.ofSeconds(120);
    private UnpackedDistribution distribution;
    private Path archives;
    @RegisterExtension
    final GatewayRuns gateways = new GatewayRuns();

    @BeforeEach
    void givenAFreshDistribution() throws Exception {
        distribution = UnpackedDistribution.unpack("cds");
        archives = distribution.home().resolve("data/cds");
    }

    @Test
    void theFirstOrderlyStopMakesTheArchiveThatTheNextStartsUse() throws Exception {
        PackagedGateway first = startAndAwaitIris("first.log");
        assertThat(commandLine(first)).anyMatch(arg -> arg.startsWith("-XX:ArchiveClassesAtExit=" + archives));
        first.stopWithSigterm(Duration.ofSeconds(60));
        assertThat(names()).as("written at exit, marked as a whole boot").hasSize(2)
                .anyMatch(name -> name.matches("modelgate-\\d+\\.jsa\\.new")).anyMatch(name -> name.endsWith(".jsa.new.started"));

        PackagedGateway second = startAndAwaitIris("second.log");
        assertThat(names()).as("tried and kept").hasSize(1).allMatch(name -> name.matches("modelgate-\\d+\\.jsa"));
        assertThat(commandLine(second)).contains("-XX:SharedArchiveFile=" + archives.resolve(names().get(0)));
        assertThat(second.post("/v2/models/iris/infer", PackagedGateway.IRIS_REQUEST, Duration.ofSeconds(30)).statusCode())
                .as(second.logText()).isEqualTo(200);
        assertThat(second.logText()).doesNotContain("[cds", "shared archive");
        second.stopWithSigterm(Duration.ofSeconds(60));

        PackagedGateway third = startAndAwaitIris("third.log");
        assertThat(commandLine(third)).contains("-XX:SharedArchiveFile=" + archives.resolve(names().get(0)));
        third.stopWithSigterm(Duration.ofSeconds(60));
    }

    @Test
    void anArchiveCutShortIsDroppedAndTheGatewayStartsWithoutIt() throws Exception {
        startAndAwaitIris("first.log").stopWithSigterm(Duration.ofSeconds(60));
        Path written = archives.resolve(names().stream().filter(name -> name.endsWith(".jsa.new")).findFirst().orElseThrow());
        byte[] whole = Files.readAllBytes(written);
        written.toFile().setWritable(true);
        Files.write(written, java.util.Arrays.copyOf(whole, 100_000)); // as a kill -9 while the JVM wrote it

        PackagedGateway second = startAndAwaitIris("second.log");
        assertThat(commandLine(second)).as("no archive mapped, another one made at exit")
                .noneMatch(arg -> arg.startsWith("-XX:SharedArchiveFile"))
                .anyMatch(arg -> arg.startsWith("-XX:ArchiveClassesAtExit="));
        assertThat(names()).as("the cut archive and the trial's crash report deleted").isEmpty();
        assertThat(crashReports()).as("the trial's crash is not a crash of the gateway (no quarantine)").isEmpty();
        second.stopWithSigterm(Duration.ofSeconds(60));
    }

    @Test
    void aStartThatEndsInAConfigurationErrorLeavesNoArchiveToUse() throws Exception {
        Path properties = distribution.home().resolve("etc/modelgate.properties");
        String good = Files.readString(properties);
        Files.writeString(properties, good.replaceAll("(?m)^modelgate\\.features\\s*=.*$", "modelgate.features=core,no-such-feature"));
        PackagedGateway failed = gateways.start(distribution, "failed.log", freePort(), "");
        assertThat(failed.process().waitFor(60, TimeUnit.SECONDS)).as("ended:%n%s", failed.logText()).isTrue();
        assertThat(failed.process().exitValue()).as(failed.logText()).isEqualTo(78);
        assertThat(names()).as("never marked as a whole boot").noneMatch(name -> name.endsWith(".started"));

        Files.writeString(properties, good);
        PackagedGateway next = startAndAwaitIris("next.log");
        assertThat(commandLine(next)).noneMatch(arg -> arg.startsWith("-XX:SharedArchiveFile"))
                .anyMatch(arg -> arg.startsWith("-XX:ArchiveClassesAtExit="));
        next.stopWithSigterm(Duration.ofSeconds(60));
    }

    private PackagedGateway startAndAwaitIris(String log) throws Exception {
        PackagedGateway gateway = gateways.start(distribution, log, freePort(), "");
        gateway.awaitIrisReady(READY);
        return gateway;
    }

    /** The JVM's arguments: bin/modelgate execs java, so the process it started is the JVM. */
    private static List<String> commandLine(PackagedGateway gateway) throws IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(gateway.process().pid()), "cmdline"));
        return List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
    }

    private List<String> names() throws IOException {
        if (!Files.isDirectory(archives)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(archives)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private List<Path> crashReports() throws IOException {
        Path crash = distribution.home().resolve("data/crash");
        if (!Files.isDirectory(crash)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(crash)) {
            return files.filter(file -> file.getFileName().toString().startsWith("hs_err")).toList();
        }
    }
}
