package org.modelgate.learn.client.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.modelgate.gogo.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code mg:learn} on the gateway: the tasks this gateway takes part in, their local data (files, rows) and their
 * last round (number, state, samples, loss, accuracy on the local data before and after, time, bytes sent). The
 * controller's side is {@code mg:federated} (org.modelgate.fleet), so both fit in one framework.
 */
@Component(service = Object.class)
@GogoCommand(scope = "mg", function = "learn")
public class LearnConsole {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile LearnCommand command;
    private final Supplier<PrintStream> out;

    /** The component, printing to the calling session. */
    @Activate
    public LearnConsole() {
        this(null, () -> System.out);
    }

    LearnConsole(LearnCommand command, Supplier<PrintStream> out) {
        this.command = command;
        this.out = out;
    }

    /** Prints the status. */
    public void learn() {
        LearnCommand current = command;
        if (current == null) {
            out.get().println("learn client: not configured (PID org.modelgate.learn.client: tasks, dataDir)");
            return;
        }
        print(current.client().status(), out.get());
    }

    /** Prints the status (any argument, e.g. {@code status}, prints the same). */
    public void learn(String what) {
        learn();
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
