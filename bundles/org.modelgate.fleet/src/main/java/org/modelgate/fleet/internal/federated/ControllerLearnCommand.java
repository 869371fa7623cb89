package org.modelgate.fleet.internal.federated;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The controller's half of {@code mg:learn}. The gateway's learn client (org.modelgate.learn.client) owns the Gogo
 * function {@code mg:learn} and hands it the controller's actions ({@code start}, {@code rounds}, {@code status ID},
 * {@code stop}, {@code release}, {@code trainings}) through this service, so one command serves both roles in one
 * framework without a clash. Registered only while the aggregator runs. {@code mg:federated} is the same console.
 */
@Component(service = Function.class, property = ControllerLearnCommand.CONSOLE_PROPERTY + "=" + ControllerLearnCommand.CONSOLE_VALUE)
public final class ControllerLearnCommand implements Function<List<String>, String> {
    /** The service property the learn client's {@code mg:learn} looks the controller up by. */
    public static final String CONSOLE_PROPERTY = "modelgate.console";
    /** Its value. */
    public static final String CONSOLE_VALUE = "learn-controller";

    private final FederatedComponent federated;

    /**
     * The command over the running aggregator.
     *
     * @param federated the aggregator's component
     */
    @Activate
    public ControllerLearnCommand(@Reference FederatedComponent federated) {
        this.federated = federated;
    }

    /**
     * Runs one controller action of {@code mg:learn}.
     *
     * @param args the action and its arguments, as {@code mg:federated} takes them ({@code trainings} lists)
     * @return what the console prints
     */
    @Override
    public String apply(List<String> args) {
        List<String> action = !args.isEmpty() && args.get(0).equals("trainings") ? List.of() : args;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            new FederatedConsole(federated, () -> print).federated(action.toArray(String[]::new));
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
