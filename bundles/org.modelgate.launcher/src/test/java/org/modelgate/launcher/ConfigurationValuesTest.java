package org.modelgate.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConfigurationValuesTest {
    private final Variables variables = Variables.of(Variables.from(Map.of("port", "9090", "home", "/opt/mg", "flag", true)));

    @Test
    void typedKeysAreConvertedAfterSubstitutionAndLoseTheirSuffix() throws LauncherException {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("org.osgi.service.http.port:Integer", "${port}");
        raw.put("repository", "${home}/models");
        raw.put("autoload:Boolean", "${flag}");
        raw.put("ratio:Double", 1L);
        raw.put("ports:int[]", List.of(1L, "2"));
        raw.put("names", List.of("a", "b"));
        raw.put("count", 3L);

        Map<String, Object> properties = ConfigurationValues.of(raw, variables, "test");

        assertThat(properties).containsEntry("org.osgi.service.http.port", 9090).containsEntry("repository", "/opt/mg/models")
                .containsEntry("autoload", true).containsEntry("ratio", 1.0).containsEntry("count", 3L);
        assertThat((int[]) properties.get("ports")).containsExactly(1, 2);
        assertThat((String[]) properties.get("names")).containsExactly("a", "b");
    }

    @Test
    void anOperatorsCfgOverridesKeyByKeyKeepingTheFeaturesTypes() throws LauncherException {
        Map<String, Object> base = ConfigurationValues.of(Map.of("port:Integer", "${port}", "host", "127.0.0.1",
                "names:String[]", List.of("a")), variables, "test");
        Properties cfg = new Properties();
        cfg.setProperty("port", "7070");
        cfg.setProperty("names", "x, y");
        cfg.setProperty("extra", "${home}/extra");

        Map<String, Object> merged = ConfigurationValues.override(base, cfg, variables, "etc/test.cfg");

        assertThat(merged).containsEntry("port", 7070).containsEntry("host", "127.0.0.1").containsEntry("extra", "/opt/mg/extra");
        assertThat((String[]) merged.get("names")).containsExactly("x", "y");
    }

    @Test
    void aValueThatDoesNotFitItsTypeSaysWhichPropertyAndType() {
        Properties cfg = new Properties();
        cfg.setProperty("port", "eighty");
        assertThatThrownBy(() -> ConfigurationValues.override(Map.of("port", 8080), cfg, variables, "etc/org.apache.felix.http.cfg"))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining("etc/org.apache.felix.http.cfg property port")
                .hasMessageContaining("'eighty' is not a Integer");
        assertThatThrownBy(() -> ConfigurationValues.of(Map.of("x:Widget", "1"), variables, "test")).hasMessageContaining("unknown type 'Widget'");
    }
}
