package org.modelgate.accel.onnxruntime.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.modelgate.api.ModelLoadException;

/** A model's options override the configured defaults; bad options say what would be valid. */
class SessionSettingsTest {
    private final SessionSettings defaults = new SessionSettings(0, 0, OptimizationLevel.ALL, true);

    @Test
    void optionsOverrideTheDefaults() {
        SessionSettings settings = defaults.withOptions(Map.of("intraOpThreads", "2", "interOpThreads", " 3 ",
                "optimizationLevel", "Extended", "allowSpinning", "FALSE"), "'m' 1.0.0", "onnxruntime");

        assertThat(settings).isEqualTo(new SessionSettings(2, 3, OptimizationLevel.EXTENDED, false));
    }

    @Test
    void noOptionsKeepTheDefaults() {
        assertThat(defaults.withOptions(Map.of(), "'m' 1.0.0", "onnxruntime")).isEqualTo(defaults);
    }

    @Test
    void aNegativeThreadCountIsRefused() {
        assertThatThrownBy(() -> defaults.withOptions(Map.of("intraOpThreads", "-1"), "'m' 1.0.0", "onnxruntime"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'intraOpThreads' is '-1'")
                .hasMessageContaining("0 or more");
    }

    @Test
    void anUnknownLevelNamesTheValidOnes() {
        assertThatThrownBy(() -> defaults.withOptions(Map.of("optimizationLevel", "max"), "'m' 1.0.0", "onnxruntime"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("[none, basic, extended, all]");
    }

    @Test
    void aSpinningFlagMustBeABoolean() {
        assertThatThrownBy(() -> defaults.withOptions(Map.of("allowSpinning", "yes"), "'m' 1.0.0", "onnxruntime"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("true or false");
    }

    @Test
    void anUnknownOptionNamesTheValidOnesAndTheProviderPrefix() {
        assertThatThrownBy(() -> defaults.withOptions(Map.of("threads", "2"), "'m' 1.0.0", "onnxruntime", "ort."))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("model 'm' 1.0.0: unknown onnxruntime option 'threads'; valid options are allowSpinning,"
                        + " interOpThreads, intraOpThreads, optimizationLevel and the ort.* provider options");
        assertThatThrownBy(() -> defaults.withOptions(Map.of("ort.arena", "false"), "'m' 1.0.0", "djl"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("model 'm' 1.0.0: unknown djl option 'ort.arena'; valid options are allowSpinning,"
                        + " interOpThreads, intraOpThreads, optimizationLevel");
    }

    @Test
    void providerOptionsAreLeftToTheBackend() {
        assertThat(defaults.withOptions(Map.of("ort.arena", "false"), "'m' 1.0.0", "onnxruntime", "ort."))
                .isEqualTo(defaults);
    }
}
