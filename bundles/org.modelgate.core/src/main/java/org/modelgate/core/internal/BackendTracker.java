package org.modelgate.core.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import org.modelgate.spi.InferenceBackend;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * Follows the backend services with a plain {@link ServiceTracker} rather than a DS reference: when a
 * backend's bundle was uninstalled under load, Felix SCR 2.2.12 was seen to stop delivering this
 * reference's events (neither the unbind of the old backend nor the bind of its replacement came; see
 * docs/platform-notes.md). The framework's own service events do not miss.
 */
final class BackendTracker {
    private final ServiceTracker<InferenceBackend, InferenceBackend> tracker;

    BackendTracker(BundleContext context, BiConsumer<InferenceBackend, Map<String, Object>> added,
            BiConsumer<InferenceBackend, Map<String, Object>> removed) {
        this.tracker = new ServiceTracker<>(context, InferenceBackend.class, new ServiceTrackerCustomizer<>() {
            @Override
            public InferenceBackend addingService(ServiceReference<InferenceBackend> reference) {
                InferenceBackend backend = context.getService(reference);
                if (backend != null) {
                    added.accept(backend, properties(reference));
                }
                return backend;
            }

            @Override
            public void modifiedService(ServiceReference<InferenceBackend> reference, InferenceBackend backend) {
                // ranking changes take effect at the next load
            }

            @Override
            public void removedService(ServiceReference<InferenceBackend> reference, InferenceBackend backend) {
                try {
                    removed.accept(backend, properties(reference));
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
