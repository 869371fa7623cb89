package org.modelgate.learn.client.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.modelgate.gogo.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code mg:learn}, one command for both roles. On a gateway: the tasks it takes part in, their local data (files,
 * rows) and their last round (number, state, samples, loss, accuracy on the local data before and after, time, bytes
 * sent). On the fleet controller (org.modelgate.fleet with the learn feature): {@code mg:learn start|trainings|status
 * ID|rounds|stop|release ...}, handed to the aggregator's console service ({@code modelgate.console=learn-controller},
 * the same console as {@code mg:federated}); {@code mg:learn} alone prints both where both run.
 */
@Component(service = Object.class)
@GogoCommand(scope = "mg", function = "learn")
public class LearnConsole {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile LearnCommand command;
    /** The fleet controller's half of the command, while an aggregator runs in this framework. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(modelgate.console=learn-controller)")
    volatile Function<List<String>, String> controller;
    private final Supplier<PrintStream> out;
    private static final Set<String> CONTROLLER_ACTIONS = Set.of("start", "trainings", "rounds", "stop", "release");

    /** The component, printing to the calling session. */
    @Activate
    public LearnConsole() {
        this(null, () -> System.out);
    }

    LearnConsole(LearnCommand command, Supplier<PrintStream> out) {
        this(command, null, out);
    }

    LearnConsole(LearnCommand command, Function<List<String>, String> controller, Supplier<PrintStream> out) {
        this.command = command;
        this.controller = controller;
        this.out = out;
    }

    /** Prints the gateway's status, and the controller's trainings where an aggregator runs here. */
    public void learn() {
        PrintStream print = out.get();
        LearnCommand current = command;
        Function<List<String>, String> aggregator = controller;
        if (current != null) {
            print(current.client().status(), print);
        } else if (aggregator == null) {
            print.println("learn client: not configured (PID org.modelgate.learn.client: tasks, dataDir); no federated"
                    + " aggregator here either (fleet controller, PID org.modelgate.fleet, with the learn feature)");
        }
        if (aggregator != null) {
            print.print(aggregator.apply(List.of()));
        }
    }

    /**
     * {@code mg:learn ACTION ...}: {@code status} (the gateway, and the latest training where an aggregator runs),
     * {@code status ID} and the controller's actions {@code start}, {@code trainings}, {@code rounds}, {@code stop},
     * {@code release} (the aggregator's console, usage as {@code mg:federated}).
     *
     * @param args the action and its arguments
     */
    public void learn(String... args) {
        if (args.length == 0) {
            learn();
            return;
        }
        PrintStream print = out.get();
        Function<List<String>, String> aggregator = controller;
        boolean forController = CONTROLLER_ACTIONS.contains(args[0]) || (args[0].equals("status") && args.length > 1);
        if (!forController) {
            if (!args[0].equals("status")) {
                print.println("mg:learn [status] | status ID | start TASK layers=... | trainings | rounds [ID] | stop ID"
                        + " | release ID NAME VERSION KEY.pem");
                return;
            }
            LearnCommand current = command;
            if (current != null) {
                print(current.client().status(), print);
            }
            if (aggregator != null) {
                print.print(aggregator.apply(List.of("status")));
            } else if (current == null) {
                learn();
            }
            return;
        }
        if (aggregator == null) {
            print.println("mg:learn " + args[0] + ": no federated aggregator in this framework (it runs with the fleet"
                    + " controller, PID org.modelgate.fleet, and the learn feature)");
            return;
        }
        print.print(aggregator.apply(List.of(args)));
    }

    @SuppressWarnings("unchecked")
    static void print(Map<String, Object> status, PrintStream out) {
        out.println("device " + status.get("device"));
        out.printf("%-16s %6s %8s  %s%n", "TASK", "FILES", "ROWS", "LAST ROUND");
        for (Object o : (List<Object>) status.get("tasks")) {
            Map<String, Object> t = (Map<String, Object>) o;
            Map<String, Object> r = (Map<String, Object>) t.get("last_round");
            String last = r == null ? "-" : "round " + r.get("round") + " " + r.get("state") + ", " + r.get("samples")
                    + " samples, loss " + fmt(r.get("loss")) + ", accuracy " + fmt(r.get("accuracy_before")) + " -> "
                    + fmt(r.get("accuracy_after")) + ", " + fmt(r.get("seconds")) + " s, " + r.get("sent_bytes")
                    + " bytes sent" + (r.get("reason") == null ? "" : ": " + r.get("reason"));
            out.printf("%-16s %6s %8s  %s%n", t.get("task"), t.get("files"), t.get("rows"), last
                    + (t.get("problem") == null ? "" : " (" + t.get("problem") + ")"));
        }
    }

    private static String fmt(Object value) {
        return value instanceof Number n ? String.format("%.3f", n.doubleValue()) : "-";
    }
}
