package org.modelgate.core.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import org.modelgate.spi.AcceleratorDriver;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * Follows the accelerator driver services with a plain {@link ServiceTracker}, for the reason
 * {@link BackendTracker} gives: Felix SCR was seen to lose a dynamic reference's events when the providing
 * bundle was uninstalled under load.
 */
final class DriverTracker {
    private final ServiceTracker<AcceleratorDriver, AcceleratorDriver> tracker;

    DriverTracker(BundleContext context, BiConsumer<AcceleratorDriver, Map<String, Object>> added,
            BiConsumer<AcceleratorDriver, Map<String, Object>> removed) {
        this.tracker = new ServiceTracker<>(context, AcceleratorDriver.class, new ServiceTrackerCustomizer<>() {
            @Override
            public AcceleratorDriver addingService(ServiceReference<AcceleratorDriver> reference) {
                AcceleratorDriver driver = context.getService(reference);
                if (driver != null) {
                    added.accept(driver, properties(reference));
                }
                return driver;
            }

            @Override
            public void modifiedService(ServiceReference<AcceleratorDriver> reference, AcceleratorDriver driver) {
                // a ranking change counts at the next plan
            }

            @Override
            public void removedService(ServiceReference<AcceleratorDriver> reference, AcceleratorDriver driver) {
                try {
                    removed.accept(driver, properties(reference));
                } finally {
                    context.ungetService(reference);
                }
            }
        });
    }

    void open() {
        tracker.open();
    }

    void close() {
        tracker.close();
    }

    private static Map<String, Object> properties(ServiceReference<?> reference) {
        Map<String, Object> properties = new HashMap<>();
        for (String key : reference.getPropertyKeys()) {
            properties.put(key, reference.getProperty(key));
        }
        return properties;
    }
}
