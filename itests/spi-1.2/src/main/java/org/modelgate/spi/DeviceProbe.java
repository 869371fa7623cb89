package org.modelgate.spi;

import java.util.List;
import java.util.Objects;

/**
 * What an {@link AcceleratorDriver} found on the device.
 *
 * @param available whether the driver can run models here now
 * @param device what hardware was found, for people (e.g. {@code "NVIDIA H100 80GB HBM3, driver 550.54"}); may
 *        be null when nothing was found
 * @param providers the runtime providers that are really loadable (e.g. ONNX Runtime's {@code CUDA, CPU}); empty
 *        when none
 * @param reason why the driver cannot work here, naming what to do about it; null when available
 */
public record DeviceProbe(boolean available, String device, List<String> providers, String reason) {
    /**
     * Creates a probe result, copying the providers.
     *
     * @param available whether the driver can run models
     * @param device the device, or null
     * @param providers the loadable providers
     * @param reason why not, required when unavailable
     */
    public DeviceProbe {
        providers = List.copyOf(providers);
        if (!available) {
            Objects.requireNonNull(reason, "an unavailable device needs a reason");
        }
    }

    /**
     * The device is there and usable.
     *
     * @param device what was found
     * @param providers the loadable providers
     * @return the result
     */
    public static DeviceProbe available(String device, List<String> providers) {
        return new DeviceProbe(true, device, providers, null);
    }

    /**
     * The driver cannot work here.
     *
     * @param reason why, and what would fix it (e.g. "no /dev/nvidia0: is the NVIDIA kernel driver loaded?")
     * @return the result
     */
    public static DeviceProbe unavailable(String reason) {
        return new DeviceProbe(false, null, List.of(), reason);
    }

    /**
     * The driver cannot work here, though it found part of what it needs.
     *
     * @param reason why, and what would fix it
     * @param device what was found, or null
     * @param providers the providers that are loadable
     * @return the result
     */
    public static DeviceProbe unavailable(String reason, String device, List<String> providers) {
        return new DeviceProbe(false, device, providers, reason);
    }
}
