package org.modelgate.remote.commands.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.modelgate.remote.CommandException;

/** Configuration values from JSON: strings, numbers, booleans, string lists, null to remove; anything else refused. */
class ConfigValuesTest {
    @Test
    void jsonValuesBecomeConfigurationAdminTypes() {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("name", "x");
        given.put("enabled", true);
        given.put("window", 200);
        given.put("big", new BigDecimal("3.0"));
        given.put("threshold", 0.25);
        given.put("features", List.of("a", "b"));
        given.put("gone", null);
        Map<String, Object> values = ConfigValues.fromJson("p", given);
        assertThat(values).containsEntry("name", "x").containsEntry("enabled", true).containsEntry("window", 200L)
                .containsEntry("big", 3L).containsEntry("threshold", 0.25).containsEntry("gone", null);
        assertThat((String[]) values.get("features")).containsExactly("a", "b");
    }

    @Test
    void objectsMixedListsAndReservedKeysAreRefusedNamingTheProperty() {
        assertThatThrownBy(() -> ConfigValues.fromJson("p", Map.of("nested", Map.of("a", 1))))
                .isInstanceOf(CommandException.class).hasMessageContaining("property \"nested\" of p must be");
        assertThatThrownBy(() -> ConfigValues.fromJson("p", Map.of("list", List.of("a", 1))))
                .hasMessageContaining("a list may hold strings only");
        assertThatThrownBy(() -> ConfigValues.fromJson("p", Map.of("service.pid", "other")))
                .hasMessageContaining("cannot be set remotely");
    }

    @Test
    void configurationPropertiesBecomeJsonValuesSortedByKey() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("z", new String[] {"a"});
        properties.put("a", 3);
        assertThat(ConfigValues.toJson(properties)).containsExactly(Map.entry("a", 3), Map.entry("z", List.of("a")));
    }
}
