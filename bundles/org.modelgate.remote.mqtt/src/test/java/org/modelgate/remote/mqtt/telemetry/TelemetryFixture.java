package org.modelgate.remote.mqtt.telemetry;

import java.lang.annotation.Annotation;
import java.util.Map;

import org.modelgate.json.StrictJson;

/** What the telemetry tests share: a configuration and reading payloads back. */
final class TelemetryFixture {
    private TelemetryFixture() {
    }

    static TelemetryConfig config(int seconds, String device) {
        return new TelemetryConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return TelemetryConfig.class;
            }

            @Override
            public int telemetrySeconds() {
                return seconds;
            }

            @Override
            public String device() {
                return device;
            }
        };
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(byte[] payload) throws Exception {
        return (Map<String, Object>) StrictJson.read(payload);
    }
}
