package org.modelgate.core.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.modelgate.spi.InferenceBackend;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;

/**
 * The inference backends present, as the whiteboard hands them in, and which one runs a given format.
 */
final class BackendCatalog {
    /** A registered backend with the service properties that order it and the bundle it comes from. */
    record Entry(InferenceBackend backend, String name, int ranking, long serviceId, Bundle origin, Map<String, Object> properties) {
        String bundle() {
            return origin == null ? null : origin.getSymbolicName();
        }
    }

    private static final Comparator<Entry> PREFERENCE = Comparator.comparingInt(Entry::ranking).reversed()
            .thenComparingLong(Entry::serviceId);

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    Entry add(InferenceBackend backend, Map<String, Object> properties) {
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        Object id = properties.get(Constants.SERVICE_ID);
        Bundle bundle = FrameworkUtil.getBundle(backend.getClass());
        Entry entry = new Entry(backend, backend.name(), ranking instanceof Integer r ? r : 0,
                id instanceof Long l ? l : Long.MAX_VALUE, bundle,
                java.util.Collections.unmodifiableMap(new java.util.HashMap<>(properties)));
        entries.add(entry);
        return entry;
    }

    /**
     * Removes a departing backend, found by its service id: on unbind SCR may hand over no service object
     * (or another one) when the providing bundle is already going, so the object alone cannot be trusted.
     *
     * @return the entries removed
     */
    List<Entry> remove(InferenceBackend backend, Map<String, Object> properties) {
        Object id = properties.get(Constants.SERVICE_ID);
        List<Entry> removed = entries.stream()
                .filter(e -> id instanceof Long l ? e.serviceId() == l : e.backend() == backend).toList();
        entries.removeAll(removed);
        return removed;
    }

    /** Removes the backends a bundle provides (it is stopping or being uninstalled). */
    List<Entry> removeFrom(Bundle bundle) {
        List<Entry> removed = entries.stream().filter(e -> e.origin() != null && e.origin().equals(bundle)).toList();
        entries.removeAll(removed);
        return removed;
    }

    boolean contains(Entry entry) {
        return entries.contains(entry);
    }

    /** The preferred backend for a format: highest service ranking, then the oldest service. */
    Optional<Entry> bestFor(String format) {
        return bestFor(format, null);
    }

    /**
     * The backend to run a model of a format: the one the model names when it is present and runs that format,
     * else the highest service ranking, then the oldest service. The same inputs always give the same backend.
     *
     * @param preferred the backend name from the model's descriptor, or null
     */
    Optional<Entry> bestFor(String format, String preferred) {
        Comparator<Entry> order = preferred == null ? PREFERENCE
                : Comparator.comparing((Entry e) -> !e.name().equals(preferred)).thenComparing(PREFERENCE);
        return entries.stream().filter(e -> e.backend().formats().contains(format)).min(order);
    }

    /** Every backend, most preferred first: highest service ranking, then the oldest service. */
    List<Entry> all() {
        return entries.stream().sorted(PREFERENCE).toList();
    }

    String names() {
        return entries.isEmpty() ? "none" : String.join(", ", all().stream().map(e -> e.name() + " " + e.backend().formats()).toList());
    }
}
