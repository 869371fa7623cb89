package org.modelgate.backend.onnxruntime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.modelgate.accel.onnxruntime.session.OptimizationLevel;
import org.modelgate.accel.onnxruntime.session.SessionSettings;

/** The backend's configuration gives every model's session defaults (the rules: accel.onnxruntime's SessionSettingsTest). */
class SessionSettingsTest {
    @Test
    void theConfigurationGivesTheDefaults() {
        assertThat(OnnxRuntimeBackend.sessionDefaults(TestBackends.config(2, 1, OptimizationLevel.BASIC, false)))
                .isEqualTo(new SessionSettings(2, 1, OptimizationLevel.BASIC, false));
    }

    @Test
    void aNegativeConfiguredThreadCountIsRefused() {
        assertThatThrownBy(() -> OnnxRuntimeBackend.sessionDefaults(TestBackends.config(-2, 0, OptimizationLevel.ALL, true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("intraOpThreads is -2");
    }
}
