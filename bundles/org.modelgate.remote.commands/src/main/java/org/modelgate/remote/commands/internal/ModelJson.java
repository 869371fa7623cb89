package org.modelgate.remote.commands.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.VersionEvent;

/** A model as a command's answer: name, state, active and committed version, versions, the tail of its history. */
final class ModelJson {
    /** How many history events a model's answer carries unless asked otherwise. */
    static final int HISTORY_TAIL = 5;

    private ModelJson() {
    }

    /**
     * @param registry the registry (for the history)
     * @param model the model
     * @param historyTail how many of the latest history events to include
     * @return the model as JSON values
     */
    static Map<String, Object> of(ModelRegistry registry, ModelInfo model, int historyTail) {
        List<VersionEvent> history = ServiceCalls.call("reading the history of " + model.name(),
                () -> registry.history(model.name()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", model.name());
        json.put("state", model.state().name().toLowerCase(Locale.ROOT));
        json.put("active", model.version());
        json.put("committed", committed(history));
        json.put("versions", model.versions());
        json.put("backend", model.backend());
        json.put("accelerator", model.accelerator());
        if (model.reason() != null) {
            json.put("reason", model.reason());
        }
        List<Object> tail = new ArrayList<>();
        for (VersionEvent e : history.subList(Math.max(0, history.size() - historyTail), history.size())) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("time", e.time().toString());
            event.put("version", e.version());
            event.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
            event.put("reason", e.reason());
            tail.add(event);
        }
        json.put("history", tail);
        return json;
    }

    private static String committed(List<VersionEvent> history) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).kind() == VersionEvent.Kind.COMMITTED) {
                return history.get(i).version();
            }
        }
        return null;
    }

    /**
     * A model the registry knows, or a CommandException naming the models there are.
     *
     * @param registry the registry
     * @param name the model's name
     * @return the model
     */
    static ModelInfo known(ModelRegistry registry, String name) {
        return ServiceCalls.call("looking up model " + name, () -> registry.model(name)).orElseThrow(
                () -> new org.modelgate.remote.CommandException("no model named " + name + "; models: "
                        + registry.models().stream().map(ModelInfo::name).sorted().toList()));
    }
}
