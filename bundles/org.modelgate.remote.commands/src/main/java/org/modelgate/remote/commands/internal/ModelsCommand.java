package org.modelgate.remote.commands.internal;

import java.util.ArrayList;
import java.util.List;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelRegistry;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.RemoteCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code models}: every model (or the one named by {@code "model"}) with its state, active and committed versions,
 * installed versions and the tail of its history ({@code "history"}: how many events, default 5, at most 100).
 */
@Component(property = RemoteCommand.NAME + "=models")
public final class ModelsCommand implements RemoteCommand {
    @Reference
    ModelRegistry registry;

    @Override
    public boolean changesState() {
        return false;
    }

    @Override
    public Object run(CommandCall call) {
        int tail = (int) Math.min(100, Fields.whole(call, "history", ModelJson.HISTORY_TAIL));
        String only = call.text("model", null);
        if (only != null) {
            return ModelJson.of(registry, ModelJson.known(registry, only), tail);
        }
        List<Object> models = new ArrayList<>();
        for (ModelInfo model : ServiceCalls.call("listing the models", registry::models)) {
            models.add(ModelJson.of(registry, model, tail));
        }
        return models;
    }
}
