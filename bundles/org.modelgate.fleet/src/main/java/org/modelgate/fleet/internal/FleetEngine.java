package org.modelgate.fleet.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.modelgate.audit.AuditLog;
import org.modelgate.fleet.ControllerKey;
import org.modelgate.fleet.ControllerStatus;
import org.modelgate.fleet.Device;
import org.modelgate.fleet.DeviceQuery;
import org.modelgate.fleet.FleetController;
import org.modelgate.fleet.FleetSettings;
import org.modelgate.fleet.Rollout;
import org.modelgate.fleet.RolloutPlan;

/**
 * The controller without OSGi: what the DS component wraps, and what a simulation or a test builds in one JVM.
 *
 * <pre>
 * try (FleetEngine fleet = new FleetEngine(FleetSettings.of("tcp://127.0.0.1:1884", "plant-7", stateDir, trustDir),
 *         Clock.systemUTC(), ControllerKey.fromPemFile(keyFile, "ops-a"), null)) {
 *     fleet.start();
 *     ...
 * }
 * </pre>
 */
public final class FleetEngine implements FleetController, AutoCloseable {
    /**
     * Builds a controller; nothing connects before {@link #start()}.
     *
     * @param settings broker, fleet, state folder, trust store
     * @param clock the clock of timeouts, soak and timestamps
     * @param key the controller's signing key
     * @param audit where approvals and operator actions are recorded, or null
     */
    public FleetEngine(FleetSettings settings, Clock clock, ControllerKey key, AuditLog audit) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Reads the persisted state, connects (in the background, retrying) and resumes every running rollout. */
    public void start() {
    }

    /** Disconnects and stops the worker threads; the state stays on disk. */
    @Override
    public void close() {
    }

    @Override public List<Device> devices(DeviceQuery query) { return List.of(); }
    @Override public Optional<Device> device(String id) { return Optional.empty(); }
    @Override public Rollout create(RolloutPlan plan, String creatorKeyId) { return null; }
    @Override public Rollout approve(String rolloutId, String approverKeyId, byte[] signature) { return null; }
    @Override public Rollout start(String rolloutId, String reason) { return null; }
    @Override public Rollout pause(String rolloutId, String reason) { return null; }
    @Override public Rollout resume(String rolloutId, String reason) { return null; }
    @Override public Rollout abort(String rolloutId, String reason) { return null; }
    @Override public Optional<Rollout> rollout(String rolloutId) { return Optional.empty(); }
    @Override public List<Rollout> rollouts() { return List.of(); }
    @Override public ControllerStatus status() { return null; }
}
