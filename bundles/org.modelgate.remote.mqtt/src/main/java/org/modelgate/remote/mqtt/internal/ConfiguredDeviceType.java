package org.modelgate.remote.mqtt.internal;

import java.io.IOException;
import java.util.Dictionary;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Reads {@code deviceType} of PID {@code org.modelgate.core.registry} (the setting model.json "requires" device_types is
 * checked against) at each call. The only class touching Configuration Admin (an optional import): without it this
 * component is never loaded and the facts go without a device type.
 */
@Component(service = DeviceTypeSource.class)
public final class ConfiguredDeviceType implements DeviceTypeSource {
    static final String REGISTRY_PID = "org.modelgate.core.registry";
    private final ConfigurationAdmin configurations;

    /** @param configurations Configuration Admin */
    @Activate
    public ConfiguredDeviceType(@Reference ConfigurationAdmin configurations) {
        this.configurations = configurations;
    }

    @Override
    public String deviceType() {
        try {
            Configuration[] found = configurations.listConfigurations("(service.pid=" + REGISTRY_PID + ")");
            if (found == null || found.length == 0) {
                return "";
            }
            Dictionary<String, Object> properties = found[0].getProperties();
            Object value = properties == null ? null : properties.get("deviceType");
            return value == null ? "" : String.valueOf(value).trim();
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            return "";
        }
    }
}
