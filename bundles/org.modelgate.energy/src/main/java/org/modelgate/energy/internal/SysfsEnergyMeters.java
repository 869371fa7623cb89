package org.modelgate.energy.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.modelgate.spi.EnergyMeter;
import org.modelgate.spi.EnergyReading;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Registers an {@link EnergyMeter} service for each power domain found in sysfs ({@link SysfsDiscovery}), or one
 * that says why there is none; samples the power sensors among them in the background.
 *
 * <p>The meters are registered by hand rather than as components, since how many there are is known only once the
 * tree is read. Changing the configuration finds them again.
 */
@Component(service = {}, configurationPid = SysfsEnergyMeters.PID, immediate = true)
@Designate(ocd = SysfsEnergyMeters.Config.class)
public class SysfsEnergyMeters {
    static final String PID = "org.modelgate.energy";
    /** Service property: the sysfs file or folder a meter reads, for people. */
    static final String SOURCE = "modelgate.energy.source";

    /** The configuration. */
    @ObjectClassDefinition(name = "Modelgate energy meters (sysfs)",
            description = "Energy meters read from Linux powercap RAPL and hwmon/iio power sensors.")
    public @interface Config {
        /**
         * Where sysfs is mounted.
         *
         * @return the root
         */
        @AttributeDefinition(description = "Where sysfs is mounted; tests point it at a fake tree.")
        String sysfsRoot() default "/sys";

        /**
         * The RAPL zone names metered (prefixes).
         *
         * @return the prefixes
         */
        @AttributeDefinition(description = "RAPL zone names to meter, as prefixes of the zone's 'name' "
                + "(package matches package-0 and package-1). core, uncore and psys overlap package: adding them "
                + "counts joules twice.")
        String[] raplDomains() default { "package", "dram" };

        /**
         * When hwmon and iio power sensors are metered.
         *
         * @return auto, always or never
         */
        @AttributeDefinition(description = "When hwmon/iio power sensors are metered: auto (only where no RAPL "
                + "domain is readable, since on x86 boards they measure what RAPL does), always, never.")
        String powerSensors() default "auto";

        /**
         * How often power sensors are sampled.
         *
         * @return milliseconds
         */
        @AttributeDefinition(description = "How often power sensors (watts, integrated into joules) are sampled, in "
                + "milliseconds. Counters (RAPL, hwmon energy) need no sampling.")
        int sampleIntervalMillis() default 100;
    }

    private final List<ServiceRegistration<EnergyMeter>> registrations = new ArrayList<>();
    private ScheduledExecutorService sampler;

    @Activate
    void activate(BundleContext context, Config config) {
        List<DiscoveredMeter> meters = discover(config);
        for (DiscoveredMeter found : meters) {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(EnergyMeter.DOMAIN, found.domain());
            properties.put(SOURCE, found.meter().toString());
            registrations.add(context.registerService(EnergyMeter.class, found.meter(), properties));
        }
        List<PowerMeter> sampled = meters.stream().map(DiscoveredMeter::meter).filter(PowerMeter.class::isInstance)
                .map(PowerMeter.class::cast).toList();
        if (!sampled.isEmpty()) {
            sampler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "modelgate-energy-sampler");
                thread.setDaemon(true);
                return thread;
            });
            long interval = Math.max(1, config.sampleIntervalMillis());
            sampler.scheduleAtFixedRate(() -> sampled.forEach(PowerMeter::sample), 0, interval, TimeUnit.MILLISECONDS);
        }
        System.getLogger(SysfsEnergyMeters.class.getName()).log(System.Logger.Level.INFO, "energy meters: "
                + meters.stream().map(SysfsEnergyMeters::describe).toList());
    }

    private static String describe(DiscoveredMeter found) {
        EnergyReading reading = found.meter().read();
        return found.meter().name() + (reading.readable() ? "" : " (unavailable: " + reading.unavailable() + ")");
    }

    @Deactivate
    void deactivate() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }

    /**
     * The meters found under a sysfs root with the default configuration: what this component registers there. For
     * tests of other bundles, which need a real meter over a fake tree (the package is not exported).
     *
     * @param sysfsRoot the root of a (fake) sysfs tree
     * @return the meters, or one saying why there is none
     */
    public static List<EnergyMeter> metersUnder(Path sysfsRoot) {
        return new SysfsDiscovery(new SysfsTree(sysfsRoot), List.of("package", "dram"), "auto", System::nanoTime).meters()
                .stream().map(DiscoveredMeter::meter).toList();
    }

    /** The meters of a configuration, with the real clock. */
    static List<DiscoveredMeter> discover(Config config) {
        return new SysfsDiscovery(new SysfsTree(Path.of(config.sysfsRoot())), List.of(config.raplDomains()),
                config.powerSensors(), System::nanoTime).meters();
    }
}
