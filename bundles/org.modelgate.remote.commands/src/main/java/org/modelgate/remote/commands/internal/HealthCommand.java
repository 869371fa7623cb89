package org.modelgate.remote.commands.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.RemoteCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code health {"model"?}}: the health monitor's reports (latency, drift verdict, accuracy, raised alerts) per model,
 * or {@code {"installed": false, "reason"}} when the health feature is not there.
 */
@Component(property = RemoteCommand.NAME + "=health")
public final class HealthCommand implements RemoteCommand {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile HealthReader health;

    @Override
    public boolean changesState() {
        return false;
    }

    @Override
    public Object run(CommandCall call) {
        HealthReader reader = health;
        if (reader == null) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("installed", false);
            answer.put("reason", "the health monitor (feature health, bundle org.modelgate.monitor.health) is not "
                    + "installed or not running");
            return answer;
        }
        return reader.read(call);
    }
}
