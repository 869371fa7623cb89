package org.modelgate.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Given a validator for a model, when updates arrive, then only well-formed, bounded ones count. */
class UpdateValidatorTest {
    private final UpdateValidator validator = new UpdateValidator(4, 10.0);

    @Test
    void aWellFormedUpdateWithinTheBoundIsAccepted() {
        assertEquals(Optional.empty(), validator.problem(update(1f, -2f, 3f, 0f)));
    }

    @Test
    void anUpdateWithANaNIsRefusedNamingTheValue() {
        assertEquals(Optional.of("value 2 is NaN"), validator.problem(update(1f, 0f, Float.NaN, 0f)));
    }

    @Test
    void anInfiniteValueIsRefused() {
        assertEquals(Optional.of("value 0 is Infinity"), validator.problem(update(Float.POSITIVE_INFINITY, 0f, 0f, 0f)));
    }

    @Test
    void anUpdateOfAnotherShapeIsRefused() {
        assertEquals(Optional.of("has 3 parameters, the model 4"), validator.problem(update(1f, 2f, 3f)));
    }

    @Test
    void anUpdateAboveTheNormBoundIsRefused() {
        assertEquals(Optional.of("L2 norm 20.0 above the bound 10.0"), validator.problem(update(12f, 16f, 0f, 0f)));
    }

    @Test
    void anUpdateWithoutSamplesCannotBeMade() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClientUpdate("gw-1", 1, 0, new float[4]));
        assertEquals("the update of gw-1 claims 0 samples; an update is trained on 1 or more", e.getMessage());
    }

    private static ClientUpdate update(float... delta) {
        return new ClientUpdate("gw-1", 3, 10, delta);
    }
}
