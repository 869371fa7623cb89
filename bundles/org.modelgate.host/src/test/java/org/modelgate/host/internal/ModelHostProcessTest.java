package org.modelgate.host.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.InferenceFailedException;
import org.modelgate.api.InferenceTimeoutException;
import org.modelgate.api.ModelUnavailableException;
import org.modelgate.api.Tensor;
import org.modelgate.host.HostNotUsableException;
import org.modelgate.host.HostOptions;

/**
 * Feature: a model runs in a host process of its own; what goes wrong there costs that process only. (Lanes that
 * never spin; {@link SpinningModelHostProcessTest} runs the same with spinning lanes.)
 */
class ModelHostProcessTest {
    @TempDir
    Path folder;
    private HostFixture hosts;

    /** How long the lanes spin before they sleep. */
    long spinNanos() {
        return 0;
    }

    @BeforeEach
    void givenHostsOnThisClassPath() {
        hosts = new HostFixture(folder, spinNanos());
    }

    @AfterEach
    void endHosts() {
        hosts.close();
    }

    @Test
    void aRequest_travelsToTheHostAndBack() {
        ProcessHostedModel model = hosts.load(HostOptions.trial());

        List<Tensor> y = model.run(List.of(x(0, 1.5f, -2f, 3.25f)), Set.of());

        assertEquals("y", y.get(0).name(), "the output is named by the backend's configuration (output.name)");
        assertArrayEquals(new float[] {0, 1.5f, -2f, 3.25f}, y.get(0).toFloatArray());
        assertNotEquals(ProcessHandle.current().pid(), model.pid(), "another process");
        assertTrue(ProcessHandle.of(model.pid()).isPresent(), "a live process");
        assertTrue(model.residentBytes() > 1024 * 1024, "resident memory from /proc: " + model.residentBytes());
        assertEquals(0, model.restarts());
        assertNull(model.lastFailure());
    }

    @Test
    void aClosedModel_endsItsHost() throws Exception {
        ProcessHostedModel model = hosts.load(HostOptions.trial());
        ProcessHandle host = ProcessHandle.of(model.pid()).orElseThrow();

        model.close();

        host.onExit().get(10, TimeUnit.SECONDS);
        assertFalse(host.isAlive());
        assertThrows(ModelUnavailableException.class, () -> model.run(List.of(x(0, 1)), Set.of()));
    }

    @Test
    void aModelFromMemory_reachesTheBackendOverTheSocket() {
        ProcessHostedModel model = hosts.load(HostOptions.trial(), Map.of("output.name", "y"),
                ByteBuffer.wrap("decrypted".getBytes(StandardCharsets.UTF_8)));

        assertEquals("decrypted", model.outputs().get(0).name(), "the backend read the bytes it was given");
        assertFalse(Files.exists(folder.resolve("no-such-file.echo")));
    }

    @Test
    void aHostKilledMidRequest_failsThatRequestOnly_andIsRestarted() throws Exception {
        ProcessHostedModel model = hosts.load(hosts.serving(30_000));
        long first = model.pid();
        java.util.concurrent.CountDownLatch sending = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<List<Tensor>> slow = CompletableFuture.supplyAsync(() -> {
            sending.countDown();
            return model.run(List.of(x(1, 5_000)), Set.of());
        });
        assertTrue(sending.await(30, TimeUnit.SECONDS), "the request's thread started");
        Thread.sleep(500); // the request is under way in the host (it sleeps 5 s there)

        ProcessHandle.of(first).orElseThrow().destroyForcibly();

        ExecutionException failed = assertThrows(ExecutionException.class, () -> slow.get(10, TimeUnit.SECONDS));
        assertTrue(failed.getCause() instanceof ModelUnavailableException, failed.getCause().toString());
        assertTrue(failed.getCause().getMessage().contains("SIGKILL"), failed.getCause().getMessage());
        HostFixture.await("a restart", 20_000, () -> model.restarts() == 1);
        assertArrayEquals(new float[] {0, 7}, model.run(List.of(x(0, 7)), Set.of()).get(0).toFloatArray());
        assertNotEquals(first, model.pid());
        assertTrue(model.lastFailure().contains("SIGKILL"), model.lastFailure());
        assertEquals(List.of("died: killed by signal 9 (SIGKILL)", "restarted 1"), hosts.events);
    }

    @Test
    void aHostThatHangs_timesTheRequestOut_andIsReplaced() {
        ProcessHostedModel model = hosts.load(hosts.serving(500));
        long first = model.pid();

        InferenceTimeoutException timeout = assertThrows(InferenceTimeoutException.class,
                () -> model.run(List.of(x(1, 60_000)), Set.of()));

        assertTrue(timeout.getMessage().contains("500 ms"), timeout.getMessage());
        HostFixture.await("a new host", 20_000, () -> model.restarts() == 1);
        assertNotEquals(first, model.pid());
        assertArrayEquals(new float[] {0, 1}, model.run(List.of(x(0, 1)), Set.of()).get(0).toFloatArray());
    }

    @Test
    void aHostThatAnswersWithABadMagic_failsTheRequest_andIsReplaced() {
        whenTheHostAnswersGarbage("magic", "bad magic");
    }

    @Test
    void aHostThatAnswersAnotherRequest_failsTheRequest_andIsReplaced() {
        whenTheHostAnswersGarbage("id", "where 2 was asked");
    }

    @Test
    void aHostThatAnnouncesAnImpossibleLength_failsTheRequest_andIsReplaced() {
        whenTheHostAnswersGarbage("length", "impossible body length");
    }

    private void whenTheHostAnswersGarbage(String kind, String said) {
        hosts.settings = hosts.settings(1, 4096, 1024 * 1024);
        hosts.command = new HostCommand(hosts.command.java(), List.of("-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-Dgarbage.kind=" + kind, "-Dgarbage.marker=" + folder.resolve("garbage-" + kind)), hosts.command.classpath(),
                List.of(), hosts.command.crashFolder(), GarbageHostMain.class.getName(), hosts.command.bundle(), "echo",
                EchoBackend.class.getName());
        ProcessHostedModel model = hosts.load(hosts.serving(30_000));
        long first = model.pid();

        InferenceFailedException garbage = assertThrows(InferenceFailedException.class,
                () -> model.run(List.of(x(0, 1)), Set.of()));

        assertTrue(garbage.getMessage().contains("garbage") && garbage.getMessage().contains(said), garbage.getMessage());
        HostFixture.await("a new host", 20_000, () -> model.restarts() == 1);
        assertNotEquals(first, model.pid());
        assertArrayEquals(new float[] {0, 2}, model.run(List.of(x(0, 2)), Set.of()).get(0).toFloatArray());
    }

    @Test
    void sharedMemoryTooSmall_grows_upToTheLimit_thenRefusesClearly() {
        hosts.settings = hosts.settings(1, 4096, 64 * 1024);
        ProcessHostedModel model = hosts.load(hosts.serving(30_000));
        long pid = model.pid();

        float[] large = new float[4000]; // 16 KB in, 16 KB out: over 4 KB, under 64 KB
        large[1] = 9;
        assertArrayEquals(large, model.run(List.of(Tensor.ofFloats("x", new long[] {large.length}, large)), Set.of())
                .get(0).toFloatArray(), "grown for the input and for the output");
        assertEquals(10_000, model.run(List.of(x(2, 10_000)), Set.of()).get(0).elementCount(), "40 KB of output");

        InferenceFailedException tooLargeIn = assertThrows(InferenceFailedException.class,
                () -> model.run(List.of(Tensor.ofFloats("x", new long[] {20_000}, new float[20_000])), Set.of()));
        InferenceFailedException tooLargeOut = assertThrows(InferenceFailedException.class,
                () -> model.run(List.of(x(2, 100_000)), Set.of()));

        assertTrue(tooLargeIn.getMessage().contains("sharedMemoryMaxMiB"), tooLargeIn.getMessage());
        assertTrue(tooLargeOut.getMessage().contains("sharedMemoryMaxMiB"), tooLargeOut.getMessage());
        assertEquals(pid, model.pid(), "the same host serves on");
        assertArrayEquals(new float[] {0, 3}, model.run(List.of(x(0, 3)), Set.of()).get(0).toFloatArray());
    }

    @Test
    void aSocketFileLeftByACrashedHost_isRemovedBeforeBinding() throws Exception {
        Path stale = folder.resolve("run").resolve("h1.sock");
        Files.createDirectories(stale.getParent());
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(stale)); // its process died without unlinking
        }
        assertTrue(Files.exists(stale));

        ProcessHostedModel model = hosts.load(HostOptions.trial());

        assertArrayEquals(new float[] {0, 4}, model.run(List.of(x(0, 4)), Set.of()).get(0).toFloatArray());
        assertFalse(Files.exists(stale), "the socket file goes once the host has connected");
        try (var left = Files.list(folder.resolve("shm"))) {
            assertEquals(0, left.count(), "shared memory files are unlinked once mapped");
        }
    }

    @Test
    void aTrialHostThatExits_failsWithItsExitCode_andStaysDead() {
        ProcessHostedModel model = hosts.load(HostOptions.trial());

        ModelUnavailableException died = assertThrows(ModelUnavailableException.class,
                () -> model.run(List.of(x(3, 7)), Set.of()));

        assertTrue(died.getMessage().contains("model host died: exit code 7"), died.getMessage());
        HostFixture.await("the death noticed", 10_000, () -> model.pid() == -1);
        assertThrows(ModelUnavailableException.class, () -> model.run(List.of(x(0, 1)), Set.of()));
        assertEquals(0, model.restarts());
    }

    @Test
    void aHostThatKeepsDying_isGivenUp() {
        ProcessHostedModel model = hosts.load(new HostOptions(true, 2, 300, 30_000, hosts.listener()));

        assertThrows(ModelUnavailableException.class, () -> model.run(List.of(x(3, 5)), Set.of()));
        HostFixture.await("a restart", 20_000, () -> model.restarts() == 1);
        assertThrows(ModelUnavailableException.class, () -> model.run(List.of(x(3, 5)), Set.of()));

        HostFixture.await("giving up", 10_000, () -> hosts.events.stream().anyMatch(e -> e.startsWith("gave up")));
        ModelUnavailableException given = assertThrows(ModelUnavailableException.class,
                () -> model.run(List.of(x(0, 1)), Set.of()));
        assertTrue(given.getMessage().contains("given up"), given.getMessage());
        assertEquals(1, model.restarts());
    }

    @Test
    void aHostWithACpuAffinity_runsOnThoseCpusOnly() throws Exception {
        Path status = Path.of("/proc/self/status");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/taskset")) && Files.exists(status),
                "needs Linux with taskset (util-linux) in /usr/bin");
        HostSettings given = hosts.settings(1, 4096, 1024 * 1024);
        hosts.settings = new HostSettings(given.runtimeFolder(), given.sharedMemoryFolder(), 1, 4096, 1024 * 1024, 30_000,
                given.spinNanos(), given.numbers(), "0");

        ProcessHostedModel model = hosts.load(HostOptions.trial());

        assertArrayEquals(new float[] {0, 5}, model.run(List.of(x(0, 5)), Set.of()).get(0).toFloatArray());
        String allowed = Files.readAllLines(Path.of("/proc", Long.toString(model.pid()), "status")).stream()
                .filter(line -> line.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow();
        assertEquals("0", allowed.substring(allowed.indexOf(':') + 1).trim(), "the host's own pid runs under taskset -c 0");
    }

    @Test
    void aBackendWithAMandatoryReference_cannotRunInAHost() {
        hosts.command = new HostCommand(hosts.command.java(), hosts.command.jvmOptions(), hosts.command.classpath(),
                List.of(), hosts.command.crashFolder(), HostMain.class.getName(), hosts.command.bundle(), "needs-a-service",
                EchoBackend.class.getName());

        HostNotUsableException refused = assertThrows(HostNotUsableException.class, () -> hosts.load(HostOptions.trial()));

        assertTrue(refused.getMessage().contains("org.modelgate.spi.KeyProvider")
                && refused.getMessage().contains("in-process"), refused.getMessage());
    }

    private static Tensor x(float... values) {
        return Tensor.ofFloats("x", new long[] {values.length}, values);
    }
}
