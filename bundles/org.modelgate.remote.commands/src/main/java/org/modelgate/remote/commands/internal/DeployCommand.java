package org.modelgate.remote.commands.internal;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelRegistry;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.CommandException;
import org.modelgate.remote.RemoteCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code deploy}: a signed model package ({@code .mgp}) sent in chunks or pulled over HTTPS (see
 * {@link PackageSources}), installed through ModelRegistry.install (which verifies its signature) once it is all
 * here and its hash matches, then activated when {@code "activate": true}. A chunk that does not complete the file
 * answers {@code {"transfer": {transfer, file, size, received, complete: false}}}.
 */
@Component(property = RemoteCommand.NAME + "=deploy")
public final class DeployCommand implements RemoteCommand {
    @Reference
    ModelRegistry registry;

    @Reference
    PackageSources sources;

    @Override
    public boolean changesState() {
        return true;
    }

    @Override
    public Object run(CommandCall call) {
        boolean activate = Fields.flag(call, "activate");
        Arrival arrival = sources.receive(call, ".mgp");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("transfer", arrival.progress());
        if (!arrival.ready()) {
            return answer;
        }
        try {
            Set<String> before = installedVersions();
            ModelInfo model = ServiceCalls.call("installing " + arrival.file().getFileName()
                    + " (nothing was installed)", () -> registry.install(arrival.file()));
            String version = model.versions().stream().filter(v -> !before.contains(model.name() + "\u0000" + v))
                    .findFirst().orElseThrow(() -> new CommandException("installing " + arrival.file().getFileName()
                            + " added no version to model " + model.name()));
            Map<String, Object> installed = new LinkedHashMap<>();
            installed.put("model", model.name());
            installed.put("version", version);
            answer.put("installed", installed);
            ModelInfo now = model;
            if (activate) {
                now = ServiceCalls.call("activating " + model.name() + " " + version + " (it stays installed)",
                        () -> registry.activate(model.name(), version));
            }
            answer.put("activated", activate);
            answer.put("model", ModelJson.of(registry, now, ModelJson.HISTORY_TAIL));
            return answer;
        } finally {
            sources.done(arrival);
        }
    }

    private Set<String> installedVersions() {
        Set<String> versions = new HashSet<>();
        for (ModelInfo m : ServiceCalls.call("listing the models", registry::models)) {
            for (String v : m.versions()) {
                versions.add(m.name() + "\u0000" + v);
            }
        }
        return versions;
    }
}
