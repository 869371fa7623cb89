package org.modelgate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.modelgate.fleet.Device;
import org.modelgate.fleet.DeviceQuery;
import org.modelgate.fleet.FleetController;
import org.modelgate.itests.support.Gateway;
import org.modelgate.itests.support.Platform;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The fleet feature's bundles in Felix (core, security, remote.mqtt for org.modelgate.remote, fleet) against Debian's
 * mosquitto on a free port: configured through PID org.modelgate.fleet, the controller registers FleetController,
 * connects (Paho embedded finds its transports inside the bundle), reads a device's retained state and status
 * published with mosquitto_pub, and mg:fleet / mg:rollout are registered. Skipped without mosquitto.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FleetControllerIT {
    private static final String HOME = "modelgate.itest.fleet.home";

    @Inject
    private BundleContext context;

    private Process mosquitto;
    private int port;
    private Gateway gateway;

    @Configuration
    public Option[] config() throws IOException {
        Path home = Files.createDirectories(Path.of("target", "itest", "FleetControllerIT", "home-" + System.nanoTime()))
                .toAbsolutePath();
        return options(
                Platform.felix(FleetControllerIT.class),
                Platform.core(),
                Platform.security(),
                Platform.modelgateBundle("org.modelgate.remote.mqtt"),
                Platform.modelgateBundle("org.modelgate.fleet"),
                systemProperty(HOME).value(home.toString()));
    }

    @Before
    public void givenMosquittoAndAConfiguredController() throws Exception {
        Assume.assumeTrue("mosquitto is not installed (/usr/sbin/mosquitto): skipped",
                new File("/usr/sbin/mosquitto").canExecute() && new File("/usr/bin/mosquitto_pub").canExecute());
        Path home = Path.of(System.getProperty(HOME));
        port = Platform.freePort();
        Path conf = home.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        mosquitto = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("mosquitto.log").toFile()).start();
        Path key = home.resolve("ops-a.key.pem");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64,
                "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        gateway = new Gateway(context);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("brokerUri", new String[] {"tcp://127.0.0.1:" + port});
        properties.put("fleet", "itest");
        properties.put("controllerKeyFile", key.toString());
        properties.put("stateDir", home.resolve("fleet").toString());
        gateway.configure("org.modelgate.fleet", properties);
    }

    @After
    public void stopMosquitto() throws InterruptedException {
        if (mosquitto != null) {
            mosquitto.destroy();
            mosquitto.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    public void theControllerConnectsAndListsADeviceFromItsRetainedState() throws Exception {
        assertEquals(Bundle.ACTIVE, gateway.bundle("org.modelgate.fleet").getState());
        FleetController fleet = connectedController();
        assertEquals("ops-a", fleet.status().keyId());

        publishRetained("modelgate/itest/line-1/status", "online");
        publishRetained("modelgate/itest/line-1/state", "{\"device\": \"line-1\", \"groups\": [\"lab\"], \"models\":"
                + " [{\"name\": \"iris\", \"version\": \"1.0.0\", \"versions\": [\"1.0.0\"], \"state\": \"READY\"}],"
                + " \"facts\": {\"cpu\": \"aarch64\", \"device_type\": \"rpi5\", \"memory_mb\": 512}}");

        Device device = Gateway.await("line-1 in the registry", () -> fleet.device("line-1")
                .filter(d -> d.online() && d.cpu().equals("aarch64")).orElse(null));
        assertEquals("rpi5", device.deviceType());
        assertEquals("1.0.0", device.model("iris").orElseThrow().active());
        assertEquals(List.of(device), fleet.devices(DeviceQuery.parse("group=lab")));

        ServiceReference<?>[] commands = context.getServiceReferences(Object.class.getName(),
                "(&(osgi.command.scope=mg)(osgi.command.function=rollout))");
        assertTrue("mg:rollout is registered", commands != null && commands.length == 1);
    }

    @Test
    public void theAgentsFactsReachTheControllersRegistry() throws Exception {
        Path home = Path.of(System.getProperty(HOME));
        Path repository = Files.createDirectories(home.resolve("models"));
        gateway.configure(Gateway.REGISTRY_PID, Map.of("repository", repository.toString(), "autoload", Boolean.TRUE,
                "deviceType", "itest-box"));
        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put("brokerUri", new String[] {"tcp://127.0.0.1:" + port});
        agent.put("fleet", "itest");
        agent.put("device", "gw-1");
        agent.put("spoolFolder", home.resolve("spool-" + port).toString());
        agent.put("telemetrySeconds", 0);
        gateway.configure("org.modelgate.remote.mqtt", agent);
        FleetController fleet = connectedController();

        Device device = Gateway.await("gw-1 with its facts", () -> fleet.device("gw-1")
                .filter(d -> d.online() && d.deviceType().equals("itest-box")).orElse(null));

        String arch = System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch");
        assertEquals(arch, device.cpu());
        assertEquals(gateway.bundle("org.modelgate.core").getVersion().toString(), device.gatewayVersion());
        assertEquals(Runtime.getRuntime().maxMemory() / (1024 * 1024), device.memoryMb());
        assertTrue(device.os(), device.os().startsWith(System.getProperty("os.name")));
    }

    /**
     * The controller of this test's configuration, connected to this test's mosquitto. Each test starts a mosquitto on
     * a new port and configures the controller for it; the component is activated again on the new configuration, so
     * until then the registered controller is the last test's one, being stopped.
     */
    private FleetController connectedController() {
        String broker = "tcp://127.0.0.1:" + port;
        return Gateway.await("FleetController connected to " + broker, () -> {
            FleetController fleet = gateway.service(FleetController.class);
            return fleet != null && fleet.status().connected() && broker.equals(fleet.status().broker()) ? fleet : null;
        });
    }

    private void publishRetained(String topic, String payload) throws Exception {
        Process pub = new ProcessBuilder("/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(port), "-V",
                "mqttv5", "-q", "1", "-r", "-t", topic, "-m", payload).redirectErrorStream(true).start();
        assertTrue("mosquitto_pub ended", pub.waitFor(30, TimeUnit.SECONDS));
        assertEquals(new String(pub.getInputStream().readAllBytes(), StandardCharsets.UTF_8), 0, pub.exitValue());
    }
}
