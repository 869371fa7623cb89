package org.modelgate.launcher;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Talks to ConfigurationAdmin from outside the framework. The launcher does not link the
 * org.osgi.service.cm API: the interfaces are loaded through the ConfigurationAdmin bundle, so
 * the API stays that bundle's own (updatable, no duplicate copy on the launcher class path) and
 * the calls go through the same interface every bundle sees.
 */
final class ConfigAdminBridge {
    static final String SERVICE = "org.osgi.service.cm.ConfigurationAdmin";
    private static final String LOCATION_ANY = "?";

    private final Object admin;
    private final Method getConfiguration;
    private final Method getFactoryConfiguration;
    private final Method getProperties;
    private final Method update;
    private final Method delete;

    private ConfigAdminBridge(Object admin, Class<?> adminType, Class<?> configurationType) throws NoSuchMethodException {
        this.admin = admin;
        this.getConfiguration = adminType.getMethod("getConfiguration", String.class, String.class);
        this.getFactoryConfiguration = adminType.getMethod("getFactoryConfiguration", String.class, String.class, String.class);
        this.getProperties = configurationType.getMethod("getProperties");
        this.update = configurationType.getMethod("update", Dictionary.class);
        this.delete = configurationType.getMethod("delete");
    }

    /** The ConfigurationAdmin service, if one is registered now. */
    static Optional<ConfigAdminBridge> find(BundleContext context) throws LauncherException {
        // All references, not only those "assignable" to the launcher's class space: where the
        // launcher's class path happens to hold another copy of the cm API (tests), the framework
        // would otherwise hide the service from the system bundle.
        ServiceReference<?>[] references;
        try {
            references = context.getAllServiceReferences(SERVICE, null);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e); // no filter given
        }
        if (references == null || references.length == 0) {
            return Optional.empty();
        }
        ServiceReference<?> reference = java.util.Arrays.stream(references).max(ServiceReference::compareTo).orElseThrow();
        Object service = context.getService(reference);
        if (service == null) {
            return Optional.empty();
        }
        try {
            ClassLoader api = reference.getBundle().adapt(org.osgi.framework.wiring.BundleWiring.class).getClassLoader();
            return Optional.of(new ConfigAdminBridge(service, api.loadClass(SERVICE),
                    api.loadClass("org.osgi.service.cm.Configuration")));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new LauncherException("ConfigurationAdmin from bundle " + reference.getBundle().getSymbolicName()
                    + " does not offer the org.osgi.service.cm 1.6 API: " + e, e);
        }
    }

    /**
     * Sets a configuration's properties unless they are already exactly these (a restart then
     * does not reactivate components).
     *
     * @param pid a PID, or {@code factoryPid~name} for a named factory configuration
     * @return whether anything changed
     */
    boolean apply(String pid, Map<String, Object> properties) throws LauncherException {
        Object configuration = configuration(pid);
        Hashtable<String, Object> wanted = new Hashtable<>(properties);
        Dictionary<?, ?> current = (Dictionary<?, ?>) call(getProperties, configuration, pid);
        if (current != null && same(current, wanted)) {
            return false;
        }
        call(update, configuration, pid, wanted);
        return true;
    }

    /** The current properties of a configuration (null when it has none yet). */
    Dictionary<?, ?> properties(String pid) throws LauncherException {
        return (Dictionary<?, ?>) call(getProperties, configuration(pid), pid);
    }

    /** Deletes a configuration this launcher made earlier and no feature gives any more. */
    void delete(String pid) throws LauncherException {
        call(delete, configuration(pid), pid);
    }

    private Object configuration(String pid) throws LauncherException {
        int tilde = pid.indexOf('~');
        return tilde < 0
                ? call(getConfiguration, admin, pid, pid, LOCATION_ANY)
                : call(getFactoryConfiguration, admin, pid, pid.substring(0, tilde), pid.substring(tilde + 1), LOCATION_ANY);
    }

    private static boolean same(Dictionary<?, ?> current, Hashtable<String, Object> wanted) {
        int count = 0;
        for (Enumeration<?> keys = current.keys(); keys.hasMoreElements();) {
            Object key = keys.nextElement();
            if (key.equals("service.pid") || key.equals("service.factoryPid") || key.equals("service.bundleLocation")) {
                continue;
            }
            count++;
            if (!Objects.deepEquals(current.get(key), wanted.get(key))) {
                return false;
            }
        }
        return count == wanted.size();
    }

    private static Object call(Method method, Object target, String pid, Object... arguments) throws LauncherException {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw LauncherException.configError("ConfigurationAdmin refused configuration " + pid + ": " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new LauncherException("Cannot call ConfigurationAdmin." + method.getName() + ": " + e, e);
        }
    }
}
