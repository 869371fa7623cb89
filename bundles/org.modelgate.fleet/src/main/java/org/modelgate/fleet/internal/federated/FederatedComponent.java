package org.modelgate.fleet.internal.federated;

import java.nio.file.Path;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.modelgate.fleet.FleetController;
import org.modelgate.fleet.internal.FleetComponent;
import org.modelgate.fleet.internal.FleetEngine;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The aggregator in the controller role: active while the fleet controller is (PID {@code org.modelgate.fleet}),
 * sending its rounds through the controller's link and keeping its trainings in {@code {stateDir}/federated/}. Needs
 * the bundles org.modelgate.learn and org.modelgate.optimize (feature {@code learn}); without them this component
 * cannot load and the controller runs rollouts as before.
 */
@Component(service = FederatedComponent.class)
public final class FederatedComponent {
    private static final Logger LOG = Logger.getLogger(FederatedComponent.class.getName());
    private final Aggregator aggregator;
    private final FleetController fleet;
    private final String keyId;
    private final Path stateDir;

    /**
     * @param fleet the fleet controller of this framework
     */
    @Activate
    public FederatedComponent(@Reference FleetController fleet) {
        if (!(fleet instanceof FleetComponent component)) {
            throw new IllegalStateException("the federated aggregator runs beside this bundle's own fleet controller");
        }
        FleetEngine engine = component.engine();
        this.fleet = fleet;
        this.keyId = fleet.status().keyId();
        this.stateDir = engine.settings().stateDir();
        this.aggregator = new Aggregator(engine.deviceCalls(), stateDir, Clock.systemUTC());
        aggregator.start();
        LOG.log(Level.INFO, "federated aggregator: trainings in {0}", stateDir.resolve("federated"));
    }

    Aggregator aggregator() {
        return aggregator;
    }

    FleetController fleet() {
        return fleet;
    }

    String keyId() {
        return keyId;
    }

    Path stateDir() {
        return stateDir;
    }

    @Deactivate
    void deactivate() {
        aggregator.close();
    }
}
