package org.modelgate.remote.mqtt.telemetry;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The device's name in payloads: configured, else the host name, else "gateway". */
final class DeviceName {
    private DeviceName() {
    }

    static String of(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "gateway";
        }
    }
}
