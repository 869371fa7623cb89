package org.modelgate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.modelgate.api.AcceleratorInfo;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelState;
import org.modelgate.api.Tensor;
import org.modelgate.itests.support.Gateway;
import org.modelgate.itests.support.MiniLm;
import org.modelgate.itests.support.Platform;
import org.modelgate.itests.support.TestModels;
import org.modelgate.spi.AcceleratorDriver;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.namespace.PackageNamespace;

/**
 * Feature: a vendor's driver built against the oldest SPI the project promises runs on today's gateway.
 *
 * <p>The sample vendor driver (the fictional Acme NPU), compiled from its unchanged sources against the SPI
 * as it was at 1.2.0 (itests/spi-1.2, frozen), is installed over today's bundles: it imports
 * {@code org.modelgate.spi} from 1.2, wires to today's SPI, registers its AcceleratorDriver, and a model is
 * planned onto it and answers requests.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class VendorDriverCompatibilityIT {
    private static final String MODEL = "minilm";
    private static final String NPU_BUNDLE = "org.modelgate.accel.sample.npu";
    private static final String NPU_JAR = "modelgate.itest.npu.spi12.jar";
    private static final String NPU_DEVICE = "modelgate.itest.npu.device";
    private static final String SPI = "org.modelgate.spi";

    @Inject
    private BundleContext context;

    private Gateway gateway;
    private Bundle driver;

    @Configuration
    public Option[] config() throws IOException {
        Path repository = TestModels.emptyRepository(VendorDriverCompatibilityIT.class);
        TestModels.addOnnxModel(repository, MODEL, "1.0.0", TestModels.MINILM_INT8);
        Path device = repository.resolveSibling("data").resolve("fake-npu0");
        Files.createDirectories(device.getParent());
        Files.writeString(device, "firmware=2.1.0\nmemoryMB=512\n");
        return options(
                Platform.felix(VendorDriverCompatibilityIT.class),
                Platform.core(),
                Platform.onnxRuntime(),
                Platform.cpuAccelerator(),
                systemProperty(TestModels.REPOSITORY).value(repository.toString()),
                systemProperty(NPU_DEVICE).value(device.toString()),
                systemProperty(NPU_JAR).value(Platform.bundleFile("org.modelgate.itests.npu-spi-1.2").getAbsolutePath()));
    }

    @Before
    public void givenAModelServedUnderTheCpuDriver() {
        gateway = new Gateway(context);
        gateway.configure("org.modelgate.accel.sample.npu", Map.of("device", System.getProperty(NPU_DEVICE)));
        gateway.configureRegistry(Path.of(System.getProperty(TestModels.REPOSITORY)), MODEL);
        awaitPlan("cpu");
    }

    @After
    public void uninstallTheDriver() throws Exception {
        if (driver != null) {
            driver.uninstall();
        }
    }

    @Test
    public void whenTheDriverBuiltAgainstSpi12IsInstalled_itWiresToTodaysSpiAndTheModelRunsOnIt() throws Exception {
        driver = context.installBundle(Path.of(System.getProperty(NPU_JAR)).toUri().toString());
        driver.start();

        thenItImportsTheSpiFrom12AndWiresToTodays();
        ServiceReference<AcceleratorDriver> registered = Gateway.await("the driver's AcceleratorDriver service", () ->
                Arrays.stream(driver.getRegisteredServices() == null ? new ServiceReference<?>[0] : driver.getRegisteredServices())
                        .filter(r -> Arrays.asList((String[]) r.getProperty(Constants.OBJECTCLASS)).contains(AcceleratorDriver.class.getName()))
                        .map(r -> (ServiceReference<AcceleratorDriver>) (ServiceReference<?>) r).findFirst().orElse(null));
        assertNotNull(registered);

        ModelInfo info = awaitPlan("npu");
        AcceleratorInfo npu = gateway.registry().accelerators().stream().filter(a -> a.name().equals("npu")).findFirst().orElseThrow();
        assertTrue("npu available: " + npu, npu.available());
        assertEquals("bundle", NPU_BUNDLE, npu.bundle());
        assertEquals("models under the npu", List.of(MODEL), npu.models());
        assertEquals("the driver's settings", "CPU", info.plan().settings().get("ort.executionProviders"));
        List<Tensor> outputs = gateway.inference().infer(MODEL, MiniLm.request()).outputs();
        assertTrue("the model answers under the driver: " + outputs, !outputs.isEmpty() && outputs.get(0).toFloatArray().length > 0);
    }

    private void thenItImportsTheSpiFrom12AndWiresToTodays() {
        String imports = driver.getHeaders().get(Constants.IMPORT_PACKAGE);
        assertTrue("built against SPI 1.2: " + imports, imports.contains(SPI + ";version=\"[1.2,2)\""));
        BundleWiring wiring = driver.adapt(BundleWiring.class);
        assertNotNull("the driver resolved", wiring);
        BundleWire spi = wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .filter(w -> SPI.equals(w.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)))
                .findFirst().orElseThrow();
        Version wired = (Version) spi.getCapability().getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE);
        Version today = gateway.bundle(SPI).adapt(BundleWiring.class).getCapabilities(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .map(c -> (Version) c.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE)).findFirst().orElseThrow();
        assertEquals("wired to today's SPI", today, wired);
        assertTrue("today's SPI is newer than 1.2.0: " + today, today.compareTo(new Version(1, 2, 0)) > 0);
        assertEquals("from today's spi bundle", SPI, spi.getProvider().getBundle().getSymbolicName());
    }

    private ModelInfo awaitPlan(String accelerator) {
        return Gateway.await("model '" + MODEL + "' READY under accelerator " + accelerator, 60_000, () -> gateway.registry()
                .model(MODEL).filter(m -> m.state() == ModelState.READY && accelerator.equals(m.accelerator())).orElse(null));
    }
}
