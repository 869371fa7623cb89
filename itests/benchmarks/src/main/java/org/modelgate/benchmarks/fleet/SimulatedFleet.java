package org.modelgate.benchmarks.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Many {@link SimulatedGateway}s in one JVM, each with its own MQTT connection, sharing one {@link FleetRuntime}.
 *
 * <pre>
 * try (SimulatedFleet fleet = SimulatedFleet.start(broker.uri(), 1000, i -&gt; GatewayProfile.typical("bench",
 *         "gw-" + i, "iris", "1.0.0"), trust, 1000)) {
 *     fleet.count(g -&gt; "1.1.0".equals(g.activeVersion("iris")));
 * }
 * </pre>
 */
public final class SimulatedFleet implements AutoCloseable {
    /** Connections opened at once while the fleet starts (a connect storm would time out on a small machine). */
    static final int CONNECTING_AT_ONCE = 16;

    private final List<SimulatedGateway> gateways;
    private final FleetRuntime runtime;

    private SimulatedFleet(List<SimulatedGateway> gateways, FleetRuntime runtime) {
        this.gateways = gateways;
        this.runtime = runtime;
    }

    /**
     * Connects {@code size} gateways and starts their telemetry.
     *
     * @param brokerUri tcp://host:port
     * @param size how many
     * @param profiles the profile of gateway {@code i}
     * @param trust the controller keys every gateway accepts
     * @param telemetryMillis the telemetry period (0: none)
     * @return the connected fleet
     * @throws Exception when a gateway cannot connect (those connected are closed)
     */
    public static SimulatedFleet start(String brokerUri, int size, IntFunction<GatewayProfile> profiles,
            ControllerTrust trust, long telemetryMillis) throws Exception {
        FleetRuntime runtime = new FleetRuntime(Math.max(4, Math.min(32, size / 16)));
        List<SimulatedGateway> gateways = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            gateways.add(new SimulatedGateway(profiles.apply(i), trust, runtime));
        }
        SimulatedFleet fleet = new SimulatedFleet(gateways, runtime);
        ExecutorService connecting = Executors.newFixedThreadPool(CONNECTING_AT_ONCE);
        try {
            List<Future<?>> connects = new ArrayList<>();
            for (SimulatedGateway g : gateways) {
                connects.add(connecting.submit(() -> {
                    g.connect(brokerUri);
                    return null;
                }));
            }
            for (Future<?> f : connects) {
                f.get();
            }
        } catch (Exception e) {
            fleet.close();
            throw e;
        } finally {
            connecting.shutdownNow();
        }
        if (telemetryMillis > 0) {
            gateways.forEach(g -> g.startTelemetry(telemetryMillis));
        }
        return fleet;
    }

    public List<SimulatedGateway> gateways() {
        return gateways;
    }

    /** @return the gateway of that device name */
    public Optional<SimulatedGateway> gateway(String device) {
        return gateways.stream().filter(g -> g.profile().device().equals(device)).findFirst();
    }

    /** @return how many gateways match */
    public long count(Predicate<SimulatedGateway> which) {
        return gateways.stream().filter(which).count();
    }

    public FleetRuntime runtime() {
        return runtime;
    }

    /** Stops every gateway cleanly (retained {@code offline}), then the shared threads. */
    @Override
    public void close() {
        ExecutorService closing = Executors.newFixedThreadPool(CONNECTING_AT_ONCE);
        try {
            gateways.forEach(g -> closing.execute(g::close));
        } finally {
            closing.shutdown();
            try {
                closing.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            runtime.close();
        }
    }
}
