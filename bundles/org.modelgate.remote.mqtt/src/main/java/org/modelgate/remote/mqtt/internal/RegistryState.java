package org.modelgate.remote.mqtt.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modelgate.api.AcceleratorInfo;
import org.modelgate.api.BackendInfo;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Models with their versions, backends and accelerator drivers, for the retained state. */
@Component(service = StateSection.class)
public final class RegistryState implements StateSection {
    private final ModelRegistry registry;

    /** @param registry the model registry */
    @Activate
    public RegistryState(@Reference ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Map<String, Object> state() {
        List<Object> models = new ArrayList<>();
        for (ModelInfo m : registry.models()) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("name", m.name());
            model.put("version", m.version());
            model.put("versions", m.versions());
            model.put("state", m.state());
            model.put("backend", m.backend());
            if (m.reason() != null) {
                model.put("reason", m.reason());
            }
            models.add(model);
        }
        List<Object> backends = new ArrayList<>();
        for (BackendInfo b : registry.backends()) {
            backends.add(Map.of("name", b.name(), "version", String.valueOf(b.version()), "loadedModels", b.loadedModels()));
        }
        List<Object> drivers = new ArrayList<>();
        for (AcceleratorInfo a : registry.accelerators()) {
            Map<String, Object> driver = new LinkedHashMap<>();
            driver.put("name", a.name());
            driver.put("available", a.available());
            driver.put("device", a.device());
            drivers.add(driver);
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("models", models);
        state.put("backends", backends);
        state.put("drivers", drivers);
        return state;
    }
}
