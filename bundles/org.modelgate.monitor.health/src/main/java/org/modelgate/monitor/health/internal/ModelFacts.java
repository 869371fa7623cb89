package org.modelgate.monitor.health.internal;

import java.util.Map;
import java.util.Optional;

import org.modelgate.api.ProfileReport;

/**
 * What the health monitor reads about models from the registry (the component passes the ModelRegistry
 * service's methods; tests pass model.json documents of their own).
 */
interface ModelFacts {
    /**
     * @param model the model
     * @param version the version
     * @return its model.json as JSON values, or empty
     * @throws IllegalStateException when the registry is not available (the monitor asks again later)
     */
    Optional<Map<String, Object>> modelJson(String model, String version);

    /**
     * @param model the model
     * @return its last profiling report since the gateway started, or empty
     */
    Optional<ProfileReport> lastProfile(String model);
}
