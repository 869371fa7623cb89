package org.modelgate.api;

import java.util.List;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An accelerator driver present on the gateway and what its probe of the device found.
 *
 * @param name the driver's name, e.g. {@code cuda}
 * @param available whether it can run models here; an unavailable driver is never chosen
 * @param device the hardware found, or null
 * @param providers the runtime providers found loadable, e.g. {@code [CUDA, CPU]}
 * @param reason why it is unavailable (or still probing), or null
 * @param bundle the symbolic name of the bundle providing it
 * @param models the models running under its settings now
 */
@ProviderType
public record AcceleratorInfo(String name, boolean available, String device, List<String> providers, String reason,
        String bundle, List<String> models) {
    /**
     * Creates a descriptor, copying the lists.
     *
     * @param name the name
     * @param available whether available
     * @param device the device, or null
     * @param providers the providers
     * @param reason the reason, or null
     * @param bundle the bundle
     * @param models the models
     */
    public AcceleratorInfo {
        Objects.requireNonNull(name, "name");
        providers = List.copyOf(providers);
        models = List.copyOf(models);
    }
}
