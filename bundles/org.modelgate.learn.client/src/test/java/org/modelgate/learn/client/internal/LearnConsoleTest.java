package org.modelgate.learn.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@code mg:learn} serves both roles: the gateway's status here, the controller's actions through its console service. */
class LearnConsoleTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    private final List<List<String>> controllerCalls = new ArrayList<>();
    private final Function<List<String>, String> controller = args -> {
        controllerCalls.add(args);
        return "controller " + String.join(" ", args) + System.lineSeparator();
    };

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void givenAnAggregatorHere_whenStartOrRoundsOrStatusOfATraining_thenTheControllerRunsThem() {
        LearnConsole console = new LearnConsole(null, controller, () -> out);

        console.learn("start", "digits", "layers=64,32,10", "rounds=2");
        console.learn("rounds", "t1");
        console.learn("status", "t1");
        console.learn("trainings");

        assertEquals(List.of(List.of("start", "digits", "layers=64,32,10", "rounds=2"), List.of("rounds", "t1"),
                List.of("status", "t1"), List.of("trainings")), controllerCalls);
        assertTrue(printed().contains("controller start digits layers=64,32,10 rounds=2"), printed());
    }

    @Test
    void givenNoAggregator_whenAControllerAction_thenItSaysWhereTheAggregatorRuns() {
        LearnConsole console = new LearnConsole(null, null, () -> out);

        console.learn("start", "digits", "layers=64,32,10");

        assertTrue(printed().contains("mg:learn start: no federated aggregator in this framework"), printed());
        assertTrue(printed().contains("PID org.modelgate.fleet"), printed());
    }

    @Test
    void givenNeitherRole_whenPlainLearn_thenBothMissingPiecesAreNamed() {
        LearnConsole console = new LearnConsole(null, null, () -> out);

        console.learn();

        assertTrue(printed().contains("PID org.modelgate.learn.client"), printed());
        assertTrue(printed().contains("no federated aggregator here"), printed());
    }

    @Test
    void givenAnAggregatorOnly_whenPlainLearn_thenTheTrainingsAreListed() {
        LearnConsole console = new LearnConsole(null, controller, () -> out);

        console.learn();

        assertEquals(List.of(List.of()), controllerCalls);
        assertTrue(printed().startsWith("controller"), printed());
    }

    @Test
    void givenAnUnknownAction_thenTheUsageIsPrinted() {
        LearnConsole console = new LearnConsole(null, controller, () -> out);

        console.learn("frobnicate");

        assertTrue(printed().startsWith("mg:learn [status]"), printed());
        assertTrue(controllerCalls.isEmpty());
    }
}
