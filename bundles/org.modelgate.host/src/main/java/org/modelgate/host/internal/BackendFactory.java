package org.modelgate.host.internal;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.modelgate.api.ModelLoadException;
import org.modelgate.host.HostNotUsableException;
import org.modelgate.spi.InferenceBackend;

/**
 * Creates a backend in a model host as Declarative Services would in the gateway: from its component
 * description, with its configuration built from the backend service's properties. What DS would inject from the
 * framework ({@code BundleContext}, {@code ComponentContext}) is null here, as in a plain-JVM test; a
 * mandatory reference cannot be satisfied outside the framework, so such a backend cannot run in a host.
 */
final class BackendFactory {
    private BackendFactory() {
    }

    /**
     * Creates and activates the backend.
     *
     * @param bundle the backend bundle's jar (or class folder), holding its component descriptions
     * @param componentName the component's name ({@code component.name}), or null
     * @param implementation the implementation class, used when no name is given
     * @param properties the backend service's properties
     * @return the backend
     * @throws HostNotUsableException when it cannot be created here, saying why
     */
    static InferenceBackend create(Path bundle, String componentName, String implementation, Map<String, Object> properties) {
        ComponentDescription description = describe(bundle, componentName, implementation);
        for (ComponentDescription.Reference reference : description.references()) {
            if (reference.mandatory()) {
                throw new HostNotUsableException("backend component " + description.name() + " needs the service "
                        + reference.service() + " (reference '" + reference.name() + "', cardinality "
                        + reference.cardinality() + "), which a model host process cannot provide: run its models "
                        + "in-process (isolation 'in-process', sandboxTrials off)");
            }
        }
        Map<String, Object> all = new LinkedHashMap<>(description.properties());
        all.putAll(properties);
        try {
            Class<?> type = Class.forName(description.implementation());
            Object instance;
            if (description.init() > 0) {
                Constructor<?> constructor = constructor(type, description.init());
                instance = constructor.newInstance(arguments(constructor.getParameterTypes(), all, description));
            } else {
                Constructor<?> constructor = type.getDeclaredConstructor();
                constructor.setAccessible(true);
                instance = constructor.newInstance();
                Optional<Method> activate = activateMethod(type, description.activate());
                if (activate.isPresent()) {
                    Method method = activate.get();
                    method.setAccessible(true);
                    method.invoke(instance, arguments(method.getParameterTypes(), all, description));
                }
            }
            if (!(instance instanceof InferenceBackend backend)) {
                throw new HostNotUsableException("component " + description.name() + " (" + type.getName()
                        + ") is not an InferenceBackend");
            }
            return backend;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new HostNotUsableException("backend " + description.implementation() + " did not activate in the model host: "
                    + cause, cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new HostNotUsableException("backend " + description.implementation() + " cannot be created in the model host: "
                    + e, e);
        }
    }

    private static ComponentDescription describe(Path bundle, String componentName, String implementation) {
        List<ComponentDescription> descriptions;
        try {
            descriptions = ComponentDescription.read(bundle);
        } catch (IOException e) {
            throw new HostNotUsableException("cannot read the component descriptions of " + bundle + ": " + e.getMessage(), e);
        }
        return descriptions.stream()
                .filter(d -> componentName != null ? d.name().equals(componentName) : d.implementation().equals(implementation))
                .findFirst()
                .orElseThrow(() -> new HostNotUsableException("no component description for "
                        + (componentName != null ? "component " + componentName : implementation) + " in " + bundle
                        + " (found " + descriptions.stream().map(ComponentDescription::name).toList() + ")"));
    }

    private static Constructor<?> constructor(Class<?> type, int parameters) throws NoSuchMethodException {
        for (Constructor<?> constructor : type.getConstructors()) {
            if (constructor.getParameterCount() == parameters) {
                return constructor;
            }
        }
        throw new NoSuchMethodException("no public constructor of " + parameters + " parameters in " + type.getName());
    }

    private static Optional<Method> activateMethod(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (method.getName().equals(name)) {
                    return Optional.of(method);
                }
            }
        }
        return Optional.empty();
    }

    private static Object[] arguments(Class<?>[] types, Map<String, Object> properties, ComponentDescription description) {
        Object[] arguments = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            final int index = i;
            Optional<ComponentDescription.Reference> reference = description.references().stream()
                    .filter(r -> r.parameter() == index).findFirst();
            Class<?> type = types[i];
            if (reference.isPresent()) {
                arguments[i] = absent(type); // optional (mandatory ones were refused before)
            } else if (type.isAnnotation() || (type.isInterface() && type.getName().endsWith("Config"))) {
                arguments[i] = ComponentPropertyType.of(type, properties);
            } else if (type == Map.class) {
                arguments[i] = Map.copyOf(properties);
            } else {
                arguments[i] = absent(type); // BundleContext, ComponentContext: there is no framework here
            }
        }
        return arguments;
    }

    private static Object absent(Class<?> type) {
        if (type == Optional.class) {
            return Optional.empty();
        }
        if (Collection.class.isAssignableFrom(type)) {
            return new ArrayList<>();
        }
        if (type.isPrimitive()) {
            return type == boolean.class ? Boolean.FALSE : 0;
        }
        return null;
    }
}
