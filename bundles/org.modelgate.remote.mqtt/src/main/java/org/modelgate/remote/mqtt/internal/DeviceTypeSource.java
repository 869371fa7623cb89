package org.modelgate.remote.mqtt.internal;

/** This gateway's configured device type (the core registry's setting {@code deviceType}), for the state's facts. */
public interface DeviceTypeSource {
    /** @return the device type, empty when unset */
    String deviceType();
}
