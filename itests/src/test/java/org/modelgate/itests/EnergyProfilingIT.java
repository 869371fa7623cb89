package org.modelgate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.modelgate.api.ModelState;
import org.modelgate.api.ProfileEnergy;
import org.modelgate.api.ProfileMeasurement;
import org.modelgate.api.ProfileReport;
import org.modelgate.api.ProfileRequest;
import org.modelgate.itests.support.Gateway;
import org.modelgate.itests.support.Platform;
import org.modelgate.itests.support.TestModels;
import org.modelgate.spi.EnergyMeter;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Feature: energy in profiling, in the shipped bundles. org.modelgate.energy, pointed at a fake sysfs tree holding
 * a Jetson INA3221 rail (5 V x 2 A), registers its meter; profiling MiniLM then reports 10 W and joules per
 * inference for each candidate. Pointed at an empty tree, the one meter left says where it looked, and profiling
 * says energy is not readable, with that reason.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EnergyProfilingIT {
    private static final String MODEL = "minilm";
    private static final String SYSFS = "modelgate.itest.sysfs";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        Path repository = TestModels.emptyRepository(EnergyProfilingIT.class);
        TestModels.declareProfileShapes(TestModels.addOnnxModel(repository, MODEL, "1.0.0", TestModels.MINILM_INT8),
                TestModels.MINILM_PROFILE_SHAPES); // free batch and sequence: profiling needs sizes
        Path sysfs = repository.resolveSibling("sysfs");
        Path hwmon = sysfs.resolve("class/hwmon/hwmon1");
        Files.createDirectories(hwmon);
        Files.writeString(hwmon.resolve("name"), "ina3221\n");
        Files.writeString(hwmon.resolve("in1_label"), "VDD_IN\n");
        Files.writeString(hwmon.resolve("in1_input"), "5000\n");
        Files.writeString(hwmon.resolve("curr1_input"), "2000\n");
        Files.createDirectories(repository.resolveSibling("empty-sysfs"));
        return options(
                Platform.felix(EnergyProfilingIT.class),
                Platform.core(),
                Platform.onnxRuntime(),
                Platform.cpuAccelerator(),
                Platform.energy(),
                systemProperty(TestModels.REPOSITORY).value(repository.toString()),
                systemProperty(SYSFS).value(sysfs.toString()));
    }

    @Test
    public void aReadableRailGivesWattsAndJoulesPerInferenceAndNoMeterSaysWhy() throws Exception {
        Gateway gateway = new Gateway(context);
        Path sysfs = Path.of(System.getProperty(SYSFS));
        gateway.configure("org.modelgate.energy", Map.of("sysfsRoot", sysfs.toString()));
        Gateway.await("the INA3221 rail's meter", () -> meter("VDD_IN"));
        gateway.configureRegistry(Path.of(System.getProperty(TestModels.REPOSITORY)), MODEL);
        gateway.awaitModel(MODEL, ModelState.READY);

        ProfileReport report = profile(gateway);

        List<ProfileMeasurement> ran = report.measurements().stream().filter(ProfileMeasurement::ok).toList();
        assertFalse("candidates ran: " + report.measurements(), ran.isEmpty());
        for (ProfileMeasurement m : ran) {
            ProfileEnergy energy = m.energy();
            assertTrue(m.label() + ": " + energy, energy.readable());
            assertEquals(m.label() + " watts", 10.0, energy.watts(), 1e-6);
            assertEquals(List.of("hwmon ina3221 VDD_IN (hwmon1)"), energy.meters());
            assertTrue(m.label() + " joules per inference " + energy.joulesPerInference(), energy.joulesPerInference() > 0);
        }

        gateway.configure("org.modelgate.energy", Map.of("sysfsRoot", sysfs.resolveSibling("empty-sysfs").toString()));
        Gateway.await("the meter saying there is none", () -> meter("none"));
        Gateway.await("the rail's meter gone", () -> meter("VDD_IN") == null ? Boolean.TRUE : null);
        report = profile(gateway);

        for (ProfileMeasurement m : report.measurements().stream().filter(ProfileMeasurement::ok).toList()) {
            assertFalse(m.label() + ": " + m.energy(), m.energy().readable());
            assertNull(m.energy().watts());
            assertTrue(m.energy().unavailable(), m.energy().unavailable().startsWith("no energy meter could read: sysfs: "
                    + "this device exposes no energy meter: no RAPL domain named [package, dram] under "
                    + sysfs.resolveSibling("empty-sysfs").resolve("class/powercap")));
        }
    }

    private static ProfileReport profile(Gateway gateway) {
        ProfileReport report = gateway.registry().profile(MODEL, new ProfileRequest(10, List.of(1)),
                (done, total, step) -> { });
        report.measurements().forEach(m -> System.out.println("ENERGY " + m.label() + " " + m.energy()));
        return report;
    }

    private EnergyMeter meter(String domain) {
        try {
            Collection<ServiceReference<EnergyMeter>> found = context.getServiceReferences(EnergyMeter.class,
                    "(" + EnergyMeter.DOMAIN + "=" + domain + ")");
            return found.isEmpty() ? null : context.getService(found.iterator().next());
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
