package org.modelgate.host.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Feature: a backend's configuration in a host is what DS would have built in the gateway. */
class ComponentPropertyTypeTest {
    @interface Config {
        String output_name() default "none";

        String double__low() default "";

        String with$_$dash() default "";

        String dollar$$sign() default "";

        int threads() default 1;

        long big() default 0;

        boolean spin() default true;

        TimeUnit unit() default TimeUnit.SECONDS;

        String[] list() default {};

        int[] numbers() default {};
    }

    @Test
    void namesMapAsTheSpecificationSays() {
        assertEquals("output.name", ComponentPropertyType.key("output_name"));
        assertEquals("double_low", ComponentPropertyType.key("double__low"));
        assertEquals("with-dash", ComponentPropertyType.key("with$_$dash"));
        assertEquals("dollar$sign", ComponentPropertyType.key("dollar$$sign"));
        assertEquals("plain", ComponentPropertyType.key("pla$in"));
    }

    @Test
    void valuesAreCoerced_andMissingOnesTakeTheDefaults() {
        Config config = ComponentPropertyType.of(Config.class, Map.of("output.name", "z", "double_low", "a",
                "with-dash", "b", "dollar$sign", "c", "threads", "4", "big", 12345678901L, "spin", "false",
                "unit", "MILLISECONDS", "list", new Object[] {"x", "y"}, "numbers", List.of("1", 2L)));

        assertEquals("z", config.output_name());
        assertEquals("a", config.double__low());
        assertEquals("b", config.with$_$dash());
        assertEquals("c", config.dollar$$sign());
        assertEquals(4, config.threads());
        assertEquals(12345678901L, config.big());
        assertEquals(false, config.spin());
        assertEquals(TimeUnit.MILLISECONDS, config.unit());
        assertArrayEquals(new String[] {"x", "y"}, config.list());
        assertArrayEquals(new int[] {1, 2}, config.numbers());
        Config defaults = ComponentPropertyType.of(Config.class, Map.of());
        assertEquals("none", defaults.output_name());
        assertEquals(1, defaults.threads());
        assertEquals(Config.class, defaults.annotationType());
    }
}
