package org.modelgate.benchmarks;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Activates a DS component outside OSGi the way SCR would: a typed configuration whose values are the
 * annotation's defaults unless overridden. (DS annotations are not kept at run time, so the activate
 * method is found by name.)
 */
final class Components {
    private Components() {
    }

    static <T> T activate(T component, Map<String, Object> properties) throws Exception {
        for (Class<?> type = component.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Method method : type.getDeclaredMethods()) {
                if (method.getName().equals("activate") && method.getParameterCount() == 1
                        && method.getParameterTypes()[0].isAnnotation()) {
                    method.setAccessible(true);
                    method.invoke(component, config(method.getParameterTypes()[0], properties));
                    return component;
                }
            }
        }
        throw new IllegalArgumentException(component.getClass() + " has no activate(Config) method");
    }

    /** Creates a component that takes its configuration in the constructor (DS constructor injection). */
    static <T> T construct(Class<T> type, Map<String, Object> properties) throws Exception {
        for (java.lang.reflect.Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0].isAnnotation()) {
                constructor.setAccessible(true);
                return type.cast(constructor.newInstance(config(constructor.getParameterTypes()[0], properties)));
            }
        }
        throw new IllegalArgumentException(type + " has no constructor taking its Config");
    }

    /** Creates a component whose constructor takes one service and its configuration, e.g. (ModelRegistry, Config). */
    static <T> T construct(Class<T> type, Object service, Map<String, Object> properties) throws Exception {
        for (java.lang.reflect.Constructor<?> constructor : type.getDeclaredConstructors()) {
            Class<?>[] parameters = constructor.getParameterTypes();
            if (parameters.length == 2 && parameters[0].isInstance(service) && parameters[1].isAnnotation()) {
                constructor.setAccessible(true);
                return type.cast(constructor.newInstance(service, config(parameters[1], properties)));
            }
        }
        throw new IllegalArgumentException(type + " has no constructor taking " + service.getClass() + " and its Config");
    }

    /** Calls a DS bind method such as addBackend(service, properties), as SCR does for dynamic references. */
    static void bind(Object component, String method, Object service, Map<String, Object> properties) throws Exception {
        for (Method m : component.getClass().getDeclaredMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == 2) {
                m.setAccessible(true);
                m.invoke(component, service, properties);
                return;
            }
        }
        throw new IllegalArgumentException(component.getClass() + " has no bind method " + method);
    }

    /** Calls a DS bind method that takes the service alone, such as setModelTrust(service). */
    static void bind1(Object component, String method, Object service) throws Exception {
        for (Method m : component.getClass().getDeclaredMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == 1) {
                m.setAccessible(true);
                m.invoke(component, service);
                return;
            }
        }
        throw new IllegalArgumentException(component.getClass() + " has no bind method " + method + "(service)");
    }

    /** Calls the component's deactivate() method, as SCR does when its bundle stops. */
    static void deactivate(Object component) throws Exception {
        Method deactivate = component.getClass().getDeclaredMethod("deactivate");
        deactivate.setAccessible(true);
        deactivate.invoke(component);
    }

    static Object config(Class<?> type, Map<String, Object> properties) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
            if (method.getName().equals("annotationType")) {
                return type;
            }
            Object value = properties.get(method.getName());
            return value != null ? value : method.getDefaultValue();
        });
    }
}
