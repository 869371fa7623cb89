package org.modelgate.remote.mqtt.internal;

import java.util.Map;

/**
 * A part of the retained {@code state} document, registered as a service by a component of this bundle that needs
 * an optional service (the registry, traffic, health): when that service or its package is missing, the part is
 * simply absent.
 */
public interface StateSection {
    /**
     * The part's fields, merged into the state document.
     *
     * @return JSON values by top-level key
     */
    Map<String, Object> state();
}
