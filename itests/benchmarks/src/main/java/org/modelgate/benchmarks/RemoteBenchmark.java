package org.modelgate.benchmarks;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.modelgate.api.InferenceRequest;
import org.modelgate.api.Tensor;
import org.modelgate.backend.onnxruntime.internal.OnnxRuntimeBackend;
import org.modelgate.core.internal.ModelRegistryService;
import org.modelgate.monitor.health.internal.HealthMonitor;
import org.modelgate.monitor.internal.RecordStreamService;
import org.modelgate.remote.mqtt.internal.AgentStatus;
import org.modelgate.remote.mqtt.internal.RemoteAgent;
import org.modelgate.remote.mqtt.internal.AgentConfig;
import org.modelgate.remote.mqtt.spool.SpoolService;
import org.modelgate.remote.mqtt.telemetry.HealthWindows;
import org.modelgate.remote.mqtt.telemetry.TelemetryReporter;
import org.modelgate.spi.InferenceMonitor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Telemetry overhead on inference: two registries over copies of the same models on one ONNX Runtime backend,
 * interleaved in one process. "off": nothing bound (no record stream). "on": the record stream with the health
 * monitor and the remote agent's telemetry {@link InferenceMonitor} ({@link TelemetryReporter}, a summary every
 * second into the persistent spool), and the remote agent itself ({@link RemoteAgent}, built as SCR would build it)
 * connected to a mosquitto broker in a process of its own on a free loopback port, draining the spool with QoS 1 and
 * keeping its retained state. Without {@code /usr/sbin/mosquitto} the agent is left out and the report says so.
 */
final class RemoteBenchmark {
    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private final int rounds;
    private final int block;
    private double sink;

    RemoteBenchmark(int rounds, int block) {
        this.rounds = rounds;
        this.block = block;
    }

    String run(Path work, Path distribution) throws Exception {
        if (!Files.isDirectory(distribution.resolve("models").resolve(Demo.NAME))) {
            return "(remote benchmark skipped: " + distribution + " has no models/" + Demo.NAME + ")\n";
        }
        OnnxRuntimeBackend backend = Components.construct(OnnxRuntimeBackend.class, InProcessBenchmark.BACKEND_THREADS_1);
        ModelRegistryService off = registry(work.resolve("off"), distribution, backend);
        ModelRegistryService on = registry(work.resolve("on"), distribution, backend);

        Path home = Files.createDirectories(work.resolve("gateway"));
        BundleContext context = context(home);
        SpoolService spool = withContext(SpoolService.class, context,
                Map.of("spoolFolder", home.resolve("data/remote/spool").toString()));
        HealthMonitor health = Components.construct(HealthMonitor.class, on, Map.of());
        TelemetryReporter telemetry = Components.construct(TelemetryReporter.class, spool,
                Map.of("telemetrySeconds", 1, "device", "bench"));
        field(telemetry, "registry", on);
        field(telemetry, "windows", new HealthWindows(health));
        RecordStreamService stream = new RecordStreamService();
        Components.bind(stream, "addMonitor", health, Map.of(InferenceMonitor.NAME, "health"));
        Components.bind(stream, "addMonitor", telemetry, Map.of(InferenceMonitor.NAME, "remote-telemetry"));
        Components.activate(stream, Map.of());
        Components.bind1(on, "setInferenceRecordSink", stream);

        Process broker = null;
        RemoteAgent agent = null;
        String agentLine;
        if (Files.isExecutable(MOSQUITTO)) {
            int port = freePort();
            broker = mosquitto(work.resolve("mosquitto"), port);
            agent = new RemoteAgent(context, (AgentConfig) Components.config(AgentConfig.class, Map.of(
                    "brokerUri", new String[] { "tcp://127.0.0.1:" + port }, "fleet", "bench", "device", "bench",
                    "telemetrySeconds", 1)));
            field(agent, "spool", spool);
            AgentStatus status = awaitConnected(agent);
            agentLine = "agent: " + status.connection() + " to " + status.broker() + " (mosquitto, its own process)";
        } else {
            agentLine = "agent: left out (" + MOSQUITTO + " is not installed); telemetry stays in the spool";
        }

        ReportTable table = new ReportTable("nothing bound", "telemetry + agent");
        InferenceRequest iris = InferenceRequest.of(Tensor.ofFloats("input", new long[] { 1, 4 }, Demo.SAMPLE));
        LatencySamples[] s = Interleaved.run(2000, rounds, block, () -> consume(off.infer(Demo.NAME, iris)),
                () -> consume(on.infer(Demo.NAME, iris)));
        table.row("demo " + Demo.NAME + " classifier", s[0], s[1]);
        for (int seq : new int[] { 32, 128 }) {
            InferenceRequest minilm = miniLm(seq);
            s = Interleaved.run(200, rounds, block, () -> consume(off.infer("minilm-int8", minilm)),
                    () -> consume(on.infer("minilm-int8", minilm)));
            table.row("MiniLM int8, seq " + seq, s[0], s[1]);
        }

        StringBuilder out = new StringBuilder(agentLine).append('\n');
        if (agent != null) {
            AgentStatus status = agent.status();
            out.append(String.format(Locale.ROOT, "agent at the end: %s, %d telemetry/alert messages sent (PUBACKed),"
                    + " spool %s%n", status.connection(), status.sent(), status.spool()));
            agent.deactivate();
        }
        Components.deactivate(stream);
        Components.deactivate(telemetry);
        Components.deactivate(health);
        Components.deactivate(spool);
        if (broker != null) {
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
        return out.append(table).append("(checksum of the outputs read: ").append(sink).append(")\n").toString();
    }

    private static AgentStatus awaitConnected(RemoteAgent agent) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        AgentStatus status = agent.status();
        while (!"CONNECTED".equals(status.connection()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = agent.status();
        }
        if (!"CONNECTED".equals(status.connection())) {
            throw new IllegalStateException("the agent did not connect to mosquitto: " + status.lastError());
        }
        return status;
    }

    private static Process mosquitto(Path folder, int port) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        Path conf = folder.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n",
                StandardCharsets.US_ASCII);
        Process process = new ProcessBuilder(MOSQUITTO.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("mosquitto.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                return process;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("mosquitto exited: " + Files.readString(folder.resolve("mosquitto.log")));
                }
                Thread.sleep(50);
            }
        }
        process.destroy();
        throw new IOException("mosquitto did not listen on " + port + " within 30 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A bundle context with what the spool and the agent ask of it: the gateway home, no bundles. */
    private static BundleContext context(Path home) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> "modelgate.home".equals(args[0]) ? home.toString() : null;
                    case "getBundles" -> new Bundle[0];
                    case "getDataFile" -> home.resolve("data").resolve(String.valueOf(args[0])).toFile();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "BenchContext[" + home + "]";
                    default -> null;
                });
    }

    /** Creates a component whose constructor takes (BundleContext, Config), the config type maybe not public. */
    private static <T> T withContext(Class<T> type, BundleContext context, Map<String, Object> properties)
            throws ReflectiveOperationException {
        for (java.lang.reflect.Constructor<?> constructor : type.getConstructors()) {
            Class<?>[] parameters = constructor.getParameterTypes();
            if (parameters.length == 2 && parameters[0] == BundleContext.class && parameters[1].isAnnotation()) {
                return type.cast(constructor.newInstance(context, Components.config(parameters[1], properties)));
            }
        }
        throw new IllegalArgumentException(type + " has no constructor (BundleContext, Config)");
    }

    /** Sets a field SCR would inject (a dynamic reference). */
    private static void field(Object component, String name, Object value) throws ReflectiveOperationException {
        Field field = component.getClass().getDeclaredField(name);
        field.setAccessible(true);
        field.set(component, value);
    }

    private static ModelRegistryService registry(Path repository, Path distribution, OnnxRuntimeBackend backend)
            throws Exception {
        MiniLm.install(repository, "minilm-int8", MiniLm.INT8, InProcessBenchmark.THREADS_1);
        Demo.install(distribution, repository, InProcessBenchmark.THREADS_1);
        ModelRegistryService registry = new ModelRegistryService();
        Components.bind(registry, "addBackend", backend, Map.of("service.id", 1L));
        Components.activate(registry, Map.of("repository", repository.toString(), "autoload", false,
                "crashReports", repository.resolveSibling(repository.getFileName() + "-crash").toString()));
        registry.load("minilm-int8");
        registry.load(Demo.NAME);
        return registry;
    }

    private static InferenceRequest miniLm(int seq) {
        long[] mask = new long[seq];
        Arrays.fill(mask, 1);
        long[] shape = { 1, seq };
        return InferenceRequest.of(Tensor.ofLongs("input_ids", shape, MiniLm.tokenIds(seq, seq)),
                Tensor.ofLongs("attention_mask", shape, mask), Tensor.ofLongs("token_type_ids", shape, new long[seq]));
    }

    private void consume(org.modelgate.api.InferenceResponse response) {
        sink += response.outputs().get(0).elementCount();
    }
}
