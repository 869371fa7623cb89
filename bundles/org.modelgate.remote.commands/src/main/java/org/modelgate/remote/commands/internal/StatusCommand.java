package org.modelgate.remote.commands.internal;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.modelgate.api.AcceleratorInfo;
import org.modelgate.api.BackendInfo;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.SafeMode;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.RemoteCommand;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code status}: the gateway at a glance: version, uptime, bundles by state (and vendor bundles by name), safe mode,
 * backends, accelerator drivers and how many models are ready.
 */
@Component(property = RemoteCommand.NAME + "=status")
public final class StatusCommand implements RemoteCommand {
    @Reference
    ModelRegistry registry;

    private BundleContext context;

    @Activate
    void activate(BundleContext bundleContext) {
        this.context = bundleContext;
    }

    @Override
    public boolean changesState() {
        return false;
    }

    @Override
    public Object run(CommandCall call) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", context.getBundle().getVersion().toString());
        Bundle framework = context.getBundle(0);
        json.put("framework", framework.getSymbolicName() + " " + framework.getVersion());
        json.put("uptime_seconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        json.put("bundles", bundles());
        SafeMode safeMode = ServiceCalls.call("reading safe mode", registry::safeMode);
        Map<String, Object> safe = new LinkedHashMap<>();
        safe.put("active", safeMode.active());
        safe.put("statement", safeMode.statement());
        json.put("safe_mode", safe);
        List<Object> backends = new ArrayList<>();
        for (BackendInfo b : ServiceCalls.call("listing the backends", registry::backends)) {
            Map<String, Object> backend = new LinkedHashMap<>();
            backend.put("name", b.name());
            backend.put("version", b.version());
            backend.put("formats", b.formats().stream().sorted().toList());
            backend.put("loaded_models", b.loadedModels());
            backends.add(backend);
        }
        json.put("backends", backends);
        List<Object> drivers = new ArrayList<>();
        for (AcceleratorInfo a : ServiceCalls.call("listing the accelerator drivers", registry::accelerators)) {
            Map<String, Object> driver = new LinkedHashMap<>();
            driver.put("name", a.name());
            driver.put("available", a.available());
            driver.put("device", a.device());
            driver.put("reason", a.reason());
            driver.put("models", a.models());
            drivers.add(driver);
        }
        json.put("drivers", drivers);
        List<ModelInfo> models = ServiceCalls.call("listing the models", registry::models);
        Map<String, Object> modelCounts = new LinkedHashMap<>();
        modelCounts.put("count", models.size());
        modelCounts.put("ready", models.stream().filter(ModelInfo::isReady).count());
        json.put("models", modelCounts);
        return json;
    }

    private Map<String, Object> bundles() {
        Map<String, Object> json = new LinkedHashMap<>();
        Bundle[] all = context.getBundles();
        json.put("count", all.length);
        Map<String, Integer> byState = new TreeMap<>();
        List<Object> vendor = new ArrayList<>();
        for (Bundle b : all) {
            byState.merge(VendorBundles.state(b.getState()), 1, Integer::sum);
            if (b.getLocation().startsWith(VendorBundles.LOCATION_PREFIX)) {
                vendor.add(VendorBundles.json(b));
            }
        }
        json.put("by_state", new LinkedHashMap<String, Object>(byState));
        json.put("vendor", vendor);
        return json;
    }
}
