package org.modelgate.remote.commands.internal;

import org.modelgate.api.ModelRegistry;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.RemoteCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code activate {"model", "version", "force"?}}: loads the version beside the serving one, runs its trial and
 * swaps to it (ModelRegistry.activate); {@code force} runs a quarantined version's trial again. Answers the model.
 */
@Component(property = RemoteCommand.NAME + "=activate")
public final class ActivateCommand implements RemoteCommand {
    @Reference
    ModelRegistry registry;

    @Override
    public boolean changesState() {
        return true;
    }

    @Override
    public Object run(CommandCall call) {
        String model = call.text("model");
        String version = call.text("version");
        boolean force = Fields.flag(call, "force");
        ModelJson.known(registry, model);
        return ModelJson.of(registry, ServiceCalls.call("activating " + model + " " + version,
                () -> registry.activate(model, version, force)), ModelJson.HISTORY_TAIL);
    }
}
