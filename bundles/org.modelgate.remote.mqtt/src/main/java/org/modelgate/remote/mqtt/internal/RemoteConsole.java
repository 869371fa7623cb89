package org.modelgate.remote.mqtt.internal;

import java.io.PrintStream;
import java.util.function.Supplier;
import org.modelgate.gogo.GogoCommand;
import org.modelgate.remote.mqtt.spool.Spool;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** The Gogo command {@code mg:remote}: the agent's connection, topics, queue and counts. */
@Component(service = Object.class)
@GogoCommand(scope = "mg", function = "remote")
public class RemoteConsole {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile RemoteAgent agent;

    // Gogo swaps System.out per session thread: read it at each call.
    private final Supplier<PrintStream> out;

    /** The component, printing to the calling session. */
    public RemoteConsole() {
        this(() -> System.out);
    }

    RemoteConsole(Supplier<PrintStream> out) {
        this.out = out;
    }

    /** {@code mg:remote}: prints the agent's status. */
    public void remote() {
        RemoteAgent current = agent;
        PrintStream print = out.get();
        if (current == null) {
            print.println("remote agent: not configured (give PID " + RemoteAgent.PID + " a brokerUri, e.g. deploy/"
                    + RemoteAgent.PID + ".cfg)");
            return;
        }
        print(current.status(), print);
    }

    static void print(AgentStatus s, PrintStream print) {
        if (s.refusedConfig() != null) {
            print.println("remote agent: configuration refused: " + s.refusedConfig());
            return;
        }
        print.println("connection   " + s.connection() + (s.broker() == null ? "" : " " + s.broker())
                + " (" + s.connections() + " connections since start)");
        print.println("client id    " + s.clientId());
        print.println("commands on  " + String.join(", ", s.commandTopics()));
        print.println("status on    " + s.statusTopic());
        Spool.Counts q = s.spool();
        print.println("queue        " + (q == null ? "no spool" : q.entries() + " entries, " + q.bytes() + " bytes; dropped "
                + q.droppedTelemetry() + " telemetry, " + q.droppedAlerts() + " alerts; refused " + q.refused())
                + "; sent " + s.sent());
        print.println("commands     " + s.answered() + " answered, " + s.refused() + " refused or failed, " + s.replayed()
                + " replays, " + s.busy() + " dropped (busy)");
        print.println("last error   " + (s.lastError() == null ? "none" : s.lastError()));
    }
}
