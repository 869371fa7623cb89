package org.modelgate.remote.commands.internal;

import org.modelgate.api.ModelRegistry;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.RemoteCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code remove {"model", "version"}}: removes a version that does not serve (ModelRegistry.remove). */
@Component(property = RemoteCommand.NAME + "=remove")
public final class RemoveCommand implements RemoteCommand {
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
        ModelJson.known(registry, model);
        return ModelJson.of(registry, ServiceCalls.call("removing " + model + " " + version,
                () -> registry.remove(model, version)), ModelJson.HISTORY_TAIL);
    }
}
