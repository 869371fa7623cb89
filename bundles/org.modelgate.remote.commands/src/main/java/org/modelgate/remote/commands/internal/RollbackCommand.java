package org.modelgate.remote.commands.internal;

import org.modelgate.api.ModelRegistry;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.RemoteCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code rollback {"model"}}: goes back to the previously committed version (ModelRegistry.rollback). */
@Component(property = RemoteCommand.NAME + "=rollback")
public final class RollbackCommand implements RemoteCommand {
    @Reference
    ModelRegistry registry;

    @Override
    public boolean changesState() {
        return true;
    }

    @Override
    public Object run(CommandCall call) {
        String model = call.text("model");
        ModelJson.known(registry, model);
        return ModelJson.of(registry, ServiceCalls.call("rolling back " + model, () -> registry.rollback(model)),
                ModelJson.HISTORY_TAIL);
    }
}
