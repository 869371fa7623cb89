package org.modelgate.fleet.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.modelgate.audit.AuditLog;
import org.modelgate.fleet.ControllerKey;
import org.modelgate.fleet.ControllerStatus;
import org.modelgate.fleet.Device;
import org.modelgate.fleet.DeviceQuery;
import org.modelgate.fleet.FleetController;
import org.modelgate.fleet.FleetSettings;
import org.modelgate.fleet.Rollout;
import org.modelgate.fleet.RolloutPlan;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The controller as an OSGi service, active while PID {@value #PID} is configured: a {@link FleetEngine} over the
 * configuration, the audit log when there is one.
 */
@Component(service = FleetController.class, configurationPid = FleetComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = FleetConfig.class)
public final class FleetComponent implements FleetController {
    /** The configuration PID. */
    public static final String PID = "org.modelgate.fleet";
    private static final Logger LOG = Logger.getLogger(FleetComponent.class.getName());

    private final FleetEngine engine;

    /**
     * Starts the controller.
     *
     * @param context the bundle context (framework property {@code modelgate.home})
     * @param config the settings
     * @param audit the audit log, if present
     */
    @Activate
    public FleetComponent(BundleContext context, FleetConfig config,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL) AuditLog audit) {
        String homeProperty = context.getProperty("modelgate.home");
        Path home = Path.of(homeProperty == null ? "." : homeProperty);
        Path etc = home.resolve("etc");
        FleetSettings settings = new FleetSettings(List.of(config.brokerUri()), config.allowPlaintext(), config.fleet(),
                config.clientId(), home.resolve(config.stateDir()), etc.resolve(config.trustStore()), file(etc, config.caFile()),
                file(etc, config.certFile()), file(etc, config.keyFile()), config.keepAliveSeconds(),
                Duration.ofSeconds(config.commandTimeoutSeconds()), Duration.ofMinutes(config.commandExpiryMinutes()),
                config.chunkBytes(), config.parallelDevices());
        ControllerKey key = ControllerKey.fromPemFile(etc.resolve(config.controllerKeyFile()),
                config.controllerKeyId().isBlank() ? null : config.controllerKeyId());
        engine = new FleetEngine(settings, Clock.systemUTC(), key, audit);
        engine.start();
        LOG.log(Level.INFO, "fleet controller: fleet {0}, key {1}, state in {2}",
                new Object[] {settings.fleet(), key.id(), settings.stateDir()});
    }

    private static Path file(Path etc, String value) {
        return value == null || value.isBlank() ? null : etc.resolve(value);
    }

    @Deactivate
    void deactivate() {
        engine.close();
    }

    /** The engine (the federated aggregator sends its commands through it). */
    public FleetEngine engine() {
        return engine;
    }

    /** The controller's own key id (the console creates rollouts with it). */
    String keyId() {
        return engine.key().id();
    }

    @Override public List<Device> devices(DeviceQuery query) { return engine.devices(query); }
    @Override public Optional<Device> device(String id) { return engine.device(id); }
    @Override public Rollout create(RolloutPlan plan, String creatorKeyId) { return engine.create(plan, creatorKeyId); }
    @Override public Rollout approve(String id, String approverKeyId, byte[] signature) { return engine.approve(id, approverKeyId, signature); }
    @Override public Rollout start(String id, String reason) { return engine.start(id, reason); }
    @Override public Rollout pause(String id, String reason) { return engine.pause(id, reason); }
    @Override public Rollout resume(String id, String reason) { return engine.resume(id, reason); }
    @Override public Rollout abort(String id, String reason) { return engine.abort(id, reason); }
    @Override public Optional<Rollout> rollout(String id) { return engine.rollout(id); }
    @Override public List<Rollout> rollouts() { return engine.rollouts(); }
    @Override public ControllerStatus status() { return engine.status(); }
}
