package org.modelgate.core.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.modelgate.spi.AcceleratorDriver;
import org.modelgate.spi.DeviceProbe;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;

/**
 * The accelerator drivers present, as the whiteboard hands them in, each with its probe of the device.
 */
final class DriverCatalog {
    /** A registered driver: its name (asked once), service properties, bundle, and the probe (pending at first). */
    record Entry(AcceleratorDriver driver, String name, int ranking, long serviceId, Bundle origin,
            CompletableFuture<DeviceProbe> probe) {
        String bundle() {
            return origin == null ? null : origin.getSymbolicName();
        }

        /** The probe's result, waiting for a probe in progress (its own time limit bounds the wait). */
        DeviceProbe awaitProbe() {
            return probe.join();
        }

        /** The probe's result, or null while it runs. */
        DeviceProbe probeNow() {
            return probe.getNow(null);
        }
    }

    /** Most preferred first among drivers of one name: highest service ranking, then the oldest service. */
    static final Comparator<Entry> PREFERENCE = Comparator.comparingInt(Entry::ranking).reversed()
            .thenComparingLong(Entry::serviceId);

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    Entry add(AcceleratorDriver driver, String name, Map<String, Object> properties, CompletableFuture<DeviceProbe> probe) {
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        Object id = properties.get(Constants.SERVICE_ID);
        Entry entry = new Entry(driver, name, ranking instanceof Integer r ? r : 0, id instanceof Long l ? l : Long.MAX_VALUE,
                FrameworkUtil.getBundle(driver.getClass()), probe);
        entries.add(entry);
        return entry;
    }

    /** Removes a departing driver, found by its service id (the object handed over may be gone already). */
    List<Entry> remove(AcceleratorDriver driver, Map<String, Object> properties) {
        Object id = properties.get(Constants.SERVICE_ID);
        List<Entry> removed = entries.stream()
                .filter(e -> id instanceof Long l ? e.serviceId() == l : e.driver() == driver).toList();
        entries.removeAll(removed);
        return removed;
    }

    /** Every driver, by name, then most preferred first. */
    List<Entry> all() {
        return entries.stream().sorted(Comparator.comparing(Entry::name).thenComparing(PREFERENCE)).toList();
    }
}
