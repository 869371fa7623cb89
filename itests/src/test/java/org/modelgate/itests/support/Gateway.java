package org.modelgate.itests.support;

import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import org.modelgate.api.InferenceService;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.ModelState;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The gateway as a test inside the container sees it: services looked up fresh on every call (a
 * configuration change re-creates the registry component), configuration pushed through
 * ConfigurationAdmin, and waits that end on a condition or fail with what was seen.
 */
public final class Gateway {
    /** The registry's PID. */
    public static final String REGISTRY_PID = "org.modelgate.core.registry";
    /** How long a wait lasts before the test fails. */
    public static final long TIMEOUT_MS = 30_000;

    private final BundleContext context;

    /**
     * Creates the view.
     *
     * @param context the probe's bundle context
     */
    public Gateway(BundleContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * A service, waiting for it to be registered.
     *
     * @param <T> the type
     * @param type the service interface
     * @return the service
     */
    public <T> T service(Class<T> type) {
        return await(type.getSimpleName() + " service", () -> {
            ServiceReference<T> reference = context.getServiceReference(type);
            return reference == null ? null : context.getService(reference);
        });
    }

    /**
     * The model registry.
     *
     * @return the registry
     */
    public ModelRegistry registry() {
        return service(ModelRegistry.class);
    }

    /**
     * The inference service.
     *
     * @return the service
     */
    public InferenceService inference() {
        return service(InferenceService.class);
    }

    /**
     * Points the registry at a repository (autoload on) and waits until it lists the given models;
     * does nothing when it is configured so already.
     *
     * @param repository the repository folder
     * @param models model names expected in it
     */
    public void configureRegistry(Path repository, String... models) {
        configure(REGISTRY_PID, Map.of("repository", repository.toString(), "autoload", Boolean.TRUE));
        await("registry on " + repository + " listing " + String.join(", ", models), () -> {
            ModelRegistry registry = registry();
            for (String model : models) {
                if (registry.model(model).isEmpty()) {
                    return null;
                }
            }
            return registry;
        });
    }

    /**
     * Sets a configuration's properties, unless they are set so already.
     *
     * @param pid the PID
     * @param properties the properties
     */
    public void configure(String pid, Map<String, Object> properties) {
        try {
            Configuration configuration = service(ConfigurationAdmin.class).getConfiguration(pid, "?");
            Dictionary<String, Object> current = configuration.getProperties();
            boolean same = current != null;
            for (Map.Entry<String, Object> property : properties.entrySet()) {
                // deepEquals: an array value (a list of broker URIs) is the same when its elements are; equals would see a
                // new array as a change and update the configuration on every call, restarting what it configures.
                same &= current != null && Objects.deepEquals(property.getValue(), current.get(property.getKey()));
            }
            if (!same) {
                configuration.update(new Hashtable<>(properties));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until a model reaches a state.
     *
     * @param model the model name
     * @param state the state
     * @return the model's description in that state
     */
    public ModelInfo awaitModel(String model, ModelState state) {
        return awaitModel(model, state, TIMEOUT_MS);
    }

    /**
     * Waits a given time until a model reaches a state.
     *
     * @param model the model name
     * @param state the state
     * @param timeoutMs how long to wait
     * @return the model's description in that state
     */
    public ModelInfo awaitModel(String model, ModelState state, long timeoutMs) {
        return await("model '" + model + "' " + state, timeoutMs, () -> registry().model(model)
                .filter(info -> info.state() == state).orElse(null),
                () -> "it is " + registry().model(model).map(Object::toString).orElse("absent"));
    }

    /**
     * An installed bundle.
     *
     * @param symbolicName the symbolic name
     * @return the bundle
     */
    public Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName().equals(symbolicName)) {
                return bundle;
            }
        }
        fail("no bundle " + symbolicName + " installed");
        return null;
    }

    /**
     * Symbolic names of the bundles not ACTIVE (fragments excepted), for failure messages.
     *
     * @return the names with their states
     */
    public Set<String> inactiveBundles() {
        Set<String> inactive = new java.util.TreeSet<>();
        for (Bundle bundle : context.getBundles()) {
            boolean fragment = bundle.getHeaders().get("Fragment-Host") != null;
            if (!fragment && bundle.getState() != Bundle.ACTIVE || fragment && bundle.getState() != Bundle.RESOLVED) {
                inactive.add(bundle.getSymbolicName() + "=" + bundle.getState());
            }
        }
        return inactive;
    }

    /**
     * Polls until the supplier gives a non-null value.
     *
     * @param <T> the value type
     * @param what what is awaited, for the failure message
     * @param condition gives the value, or null while not there
     * @return the value
     */
    public static <T> T await(String what, Supplier<T> condition) {
        return await(what, TIMEOUT_MS, condition, () -> "");
    }

    /**
     * Polls for a given time until the supplier gives a non-null value.
     *
     * @param <T> the value type
     * @param what what is awaited, for the failure message
     * @param timeoutMs how long to wait
     * @param condition gives the value, or null while not there
     * @return the value
     */
    public static <T> T await(String what, long timeoutMs, Supplier<T> condition) {
        return await(what, timeoutMs, condition, () -> "");
    }

    /**
     * Polls for a given time until the supplier gives a non-null value; a failure says what was seen last.
     *
     * @param <T> the value type
     * @param what what is awaited, for the failure message
     * @param timeoutMs how long to wait
     * @param condition gives the value, or null while not there
     * @param seen describes what is there instead, for the failure message
     * @return the value
     */
    public static <T> T await(String what, long timeoutMs, Supplier<T> condition, Supplier<String> seen) {
        long end = System.currentTimeMillis() + timeoutMs;
        while (true) {
            T value = condition.get();
            if (value != null) {
                return value;
            }
            if (System.currentTimeMillis() > end) {
                fail("waited " + timeoutMs + " ms for " + what + "; " + seen.get());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
