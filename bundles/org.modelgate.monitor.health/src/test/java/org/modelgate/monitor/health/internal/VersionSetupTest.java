package org.modelgate.monitor.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.modelgate.json.StrictJson;
import org.modelgate.monitor.drift.MonitorSettings;

/** What a version's model.json gives the monitor, and the reason it says when drift cannot be judged. */
class VersionSetupTest {
    @Test
    void aMalformedReferenceLeavesDriftUnavailableWithTheReason() throws Exception {
        VersionSetup setup = VersionSetup.of(json("{\"labels\": [\"a\", \"b\"], \"reference\": {\"inputs\": "
                + "{\"x\": {\"mean\": [1, 2], \"std\": [0.5]}}}}"), MonitorSettings.DEFAULTS);

        assertThat(setup.drift()).isNull();
        assertThat(setup.driftUnavailable()).startsWith("model.json's reference cannot be read: ");
        assertThat(setup.labels()).containsExactly("a", "b");
    }

    @Test
    void aReferenceThatIsNotAnObjectIsRefusedToo() throws Exception {
        VersionSetup setup = VersionSetup.of(json("{\"reference\": [1, 2, 3]}"), MonitorSettings.DEFAULTS);

        assertThat(setup.drift()).isNull();
        assertThat(setup.driftUnavailable()).startsWith("model.json's reference cannot be read: ");
    }

    @Test
    void aBadMonitorSectionNamesItself() throws Exception {
        VersionSetup setup = VersionSetup.of(json("{\"reference\": {\"inputs\": {\"x\": {\"mean\": [1, 2], \"std\": [1, 1]}}},"
                + " \"monitor\": {\"window\": 1}}"), MonitorSettings.DEFAULTS);

        assertThat(setup.drift()).isNull();
        assertThat(setup.driftUnavailable()).startsWith("model.json's monitor section cannot be read: ").contains("window");
    }

    @Test
    void noReferenceSaysHowToAddOne() throws Exception {
        VersionSetup setup = VersionSetup.of(json("{\"labels\": []}"), MonitorSettings.DEFAULTS);

        assertThat(setup.driftUnavailable()).contains("mgpack reference");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) throws Exception {
        return (Map<String, Object>) StrictJson.read(text.getBytes(StandardCharsets.UTF_8));
    }
}
