package org.modelgate.distribution;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The packaged gateways a test starts: registered as a JUnit extension, it kills (kill -9) any that a failed
 * assertion left running, after each test, so that the next test finds its ports and folders free.
 */
final class GatewayRuns implements AfterEachCallback {
    private final List<PackagedGateway> started = new ArrayList<>();

    /** {@link PackagedGateway#start(UnpackedDistribution, String, int, String)}, killed after the test if left running. */
    PackagedGateway start(UnpackedDistribution distribution, String logName, int httpPort, String javaOpts) throws IOException {
        return start(distribution, logName, httpPort, javaOpts, Map.of());
    }

    /** {@link PackagedGateway#start(UnpackedDistribution, String, int, String, Map)}, killed after the test if left running. */
    PackagedGateway start(UnpackedDistribution distribution, String logName, int httpPort, String javaOpts,
            Map<String, String> environment) throws IOException {
        PackagedGateway gateway = PackagedGateway.start(distribution, logName, httpPort, javaOpts, environment);
        started.add(gateway);
        return gateway;
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (PackagedGateway gateway : started) {
            gateway.killLeftover();
        }
        started.clear();
    }
}
