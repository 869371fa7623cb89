package org.modelgate.remote.commands.internal;

import java.util.List;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.CommandException;
import org.modelgate.remote.RemoteCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code traffic {"model", "action": "start"|"status"|"promote"|"rollback", "policy"?, "reason"?}}: a model's traffic
 * policy through the TrafficManager ({@code policy} is TrafficPolicy's JSON, needed by start). status without a model
 * lists every policy. The command changes state (start, promote, rollback), so every call is signed, status too.
 */
@Component(property = RemoteCommand.NAME + "=traffic")
public final class TrafficCommand implements RemoteCommand {
    private static final List<String> ACTIONS = List.of("start", "status", "promote", "rollback");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile TrafficControl traffic;

    @Override
    public boolean changesState() {
        return true;
    }

    @Override
    public Object run(CommandCall call) {
        String action = Fields.oneOf(call, "action", ACTIONS);
        TrafficControl control = traffic;
        if (control == null) {
            throw new CommandException("traffic policies are not available: the traffic bundle (org.modelgate.traffic) "
                    + "is not installed or not running");
        }
        return control.run(call, action);
    }
}
