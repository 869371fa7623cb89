package org.modelgate.core.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * Follows plugin services (backends, accelerator drivers) with a plain {@link ServiceTracker} rather than
 * a DS reference: when a backend's bundle was uninstalled under load, Felix SCR 2.2.12 was seen to stop delivering this
 * reference's events (neither the unbind of the old backend nor the bind of its replacement came; see
 * docs/platform-notes.md). The framework's own service events do not miss.
 */
final class PluginTracker<T> {
    private final ServiceTracker<T, T> tracker;

    PluginTracker(BundleContext context, Class<T> type, BiConsumer<T, Map<String, Object>> added,
            BiConsumer<T, Map<String, Object>> removed) {
        this.tracker = new ServiceTracker<>(context, type, new ServiceTrackerCustomizer<>() {
            @Override
            public T addingService(ServiceReference<T> reference) {
                T plugin = context.getService(reference);
                if (plugin != null) {
                    added.accept(plugin, properties(reference));
                }
                return plugin;
            }

            @Override
            public void modifiedService(ServiceReference<T> reference, T plugin) {
                // ranking changes take effect at the next load or plan
            }

            @Override
            public void removedService(ServiceReference<T> reference, T plugin) {
                try {
                    removed.accept(plugin, properties(reference));
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
