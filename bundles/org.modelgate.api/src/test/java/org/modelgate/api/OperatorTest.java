package org.modelgate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

class OperatorTest {
    @Test
    void givenACallOnBehalfOfAnOperator_whenTheActionRuns_thenItSeesTheOperatorAndNothingIsLeftAfterwards() {
        Optional<String> inside = Operator.call("alice@ssh", Operator::current);

        assertEquals(Optional.of("alice@ssh"), inside);
        assertTrue(Operator.current().isEmpty());
    }

    @Test
    void givenNestedCalls_whenTheInnerOneEnds_thenTheOuterOperatorCountsAgain() {
        String[] seen = new String[2];
        Operator.run("alice", () -> {
            Operator.run("bob", () -> seen[0] = Operator.current().orElseThrow());
            seen[1] = Operator.current().orElseThrow();
        });

        assertEquals("bob", seen[0]);
        assertEquals("alice", seen[1]);
    }

    @Test
    void givenAnActionThatFails_whenTheCallEnds_thenTheOperatorIsClearedAnyway() {
        assertThrows(IllegalStateException.class, () -> Operator.run("alice", () -> {
            throw new IllegalStateException("boom");
        }));

        assertTrue(Operator.current().isEmpty());
    }

    @Test
    void givenAnotherThread_whenItAsks_thenItHasNoOperator() throws Exception {
        Optional<String> there = Operator.call("alice", () -> CompletableFuture.supplyAsync(Operator::current).join());

        assertTrue(there.isEmpty());
    }

    @Test
    void givenABlankName_whenCalling_thenItIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Operator.run(" ", () -> { }));
    }
}
