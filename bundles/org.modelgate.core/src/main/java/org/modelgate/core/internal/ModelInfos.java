package org.modelgate.core.internal;

import java.util.List;

import org.modelgate.api.ModelHostInfo;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelState;
import org.modelgate.core.internal.ModelDescriptor.InvalidDescriptorException;
import org.modelgate.host.HostedModel;

/**
 * Builds the {@link ModelInfo} a client sees from a slot (what is served) and the repository (what is on disk).
 */
final class ModelInfos {
    private ModelInfos() {
    }

    static ModelInfo describe(String name, ModelSlot slot, ModelRepository repository) {
        boolean onDisk = repository.contains(name);
        List<String> versions = onDisk ? repository.versions(name).stream().map(Object::toString).toList() : List.of();
        ServingVersion serving = slot == null ? null : slot.serving;
        if (serving != null) {
            ModelDescriptor d = serving.descriptor;
            return new ModelInfo(name, serving.version(), versions, d.format(), serving.backendName, slot.state, slot.reason,
                    serving.model.inputs(), serving.model.outputs(), d.labels(), serving.plan, host(serving));
        }
        ModelState state = slot == null ? ModelState.UNLOADED : slot.state;
        String reason = slot == null ? null : slot.reason;
        SemanticVersion version = slot != null && slot.wanted != null ? slot.wanted
                : onDisk ? repository.activeVersion(name).orElse(null) : null;
        String format = null;
        List<String> labels = List.of();
        if (version != null && onDisk && versions.contains(version.toString())) {
            try {
                ModelDescriptor d = repository.descriptor(name, version);
                format = d.format();
                labels = d.labels();
            } catch (InvalidDescriptorException e) {
                if (state == ModelState.UNLOADED) {
                    state = ModelState.FAILED;
                    reason = e.getMessage();
                }
            }
        }
        return new ModelInfo(name, version == null ? null : version.toString(), versions, format, null, state, reason,
                List.of(), List.of(), labels);
    }

    /** The host process of a version served with isolation "process", read now (pid, resident memory). */
    private static ModelHostInfo host(ServingVersion serving) {
        return serving.model instanceof HostedModel hosted
                ? new ModelHostInfo(hosted.pid(), hosted.residentBytes(), hosted.restarts(), hosted.lastFailure())
                : null;
    }
}
