package org.modelgate.remote.mqtt.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.modelgate.api.AcceleratorInfo;
import org.modelgate.api.BackendInfo;
import org.modelgate.api.ModelRegistry;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The retained state's {@code facts}: what a fleet controller matches against model.json {@code "requires"} before it
 * targets this gateway, the same facts the core's install check uses ({@code cpu}: os.arch normalised;
 * {@code memory_mb}: the JVM's max heap; {@code accelerators}: drivers available now; {@code formats}: the backends';
 * {@code gateway_version}: the core bundle's version; {@code device_type}: the registry's setting), plus {@code os},
 * {@code java} and {@code drivers} (every accelerator driver with whether it is available).
 */
@Component(service = StateSection.class)
public final class FactsState implements StateSection {
    private final ModelRegistry registry;
    private final BundleContext context;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile DeviceTypeSource deviceType;

    /**
     * @param registry the model registry (accelerators, backends)
     * @param context this bundle's context (the core bundle's version)
     */
    @Activate
    public FactsState(@Reference ModelRegistry registry, BundleContext context) {
        this.registry = registry;
        this.context = context;
    }

    @Override
    public Map<String, Object> state() {
        Set<String> available = new TreeSet<>();
        Map<String, Object> drivers = new LinkedHashMap<>();
        for (AcceleratorInfo a : registry.accelerators()) {
            drivers.put(a.name(), a.available());
            if (a.available()) {
                available.add(a.name());
            }
        }
        Set<String> formats = new TreeSet<>();
        for (BackendInfo b : registry.backends()) {
            formats.addAll(b.formats());
        }
        DeviceTypeSource type = deviceType;
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("cpu", arch(System.getProperty("os.arch", "unknown")));
        facts.put("os", System.getProperty("os.name", "") + " " + System.getProperty("os.version", ""));
        facts.put("java", System.getProperty("java.version", ""));
        facts.put("memory_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        facts.put("gateway_version", coreVersion());
        facts.put("device_type", type == null ? "" : type.deviceType());
        facts.put("accelerators", available);
        facts.put("drivers", drivers);
        facts.put("formats", formats);
        return Map.of("facts", facts);
    }

    private String coreVersion() {
        for (Bundle b : context.getBundles()) {
            if ("org.modelgate.core".equals(b.getSymbolicName())) {
                return b.getVersion().toString();
            }
        }
        return "";
    }

    /** As the core normalises it: amd64 and x64 are x86_64, arm64 is aarch64. */
    static String arch(String arch) {
        String lower = arch.trim().toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "amd64", "x64", "x86-64" -> "x86_64";
            case "arm64" -> "aarch64";
            default -> lower;
        };
    }
}
