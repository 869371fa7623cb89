package org.modelgate.core.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.modelgate.api.ModelState;
import org.modelgate.api.VersionEvent;

/**
 * A committed version that is quarantined (its model host kept dying, or it crashed the gateway) gives way to the
 * version committed before it: that one becomes the committed version again and serves.
 */
final class QuarantineFallback {
    private static final System.Logger LOG = System.getLogger(QuarantineFallback.class.getName());

    private final ModelTable table;
    private final ModelSwitcher switcher;
    private final CrashQuarantine quarantine;
    private final AuditTrail audit;
    private final Supplier<? extends Executor> background;

    QuarantineFallback(ModelTable table, ModelSwitcher switcher, CrashQuarantine quarantine, AuditTrail audit,
            Supplier<? extends Executor> background) {
        this.table = table;
        this.switcher = switcher;
        this.quarantine = quarantine;
        this.audit = audit;
        this.background = background;
    }

    /** The host of an isolated model kept dying: its version is quarantined, the version committed before it serves. */
    void hostGivenUp(ModelSlot slot, String reason) {
        Executor executor = background.get();
        if (executor == null) {
            return;
        }
        executor.execute(() -> {
            slot.admin.lock();
            try {
                ServingVersion serving = slot.serving;
                if (serving == null) {
                    return;
                }
                SemanticVersion version = serving.descriptor.version();
                quarantine.quarantine(slot.name, version, "its model host process kept dying", Optional.of(reason));
                table.retire(slot, ModelState.FAILED, quarantine.refusal(slot.name, version));
                fallBack(slot, version);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "model " + slot.name + " after its host was given up: " + e.getMessage());
            } finally {
                slot.admin.unlock();
            }
        });
    }

    /**
     * The committed version is quarantined: the version committed before it, if one is on disk and not quarantined
     * too, becomes the committed one again and serves. Callers hold the admin lock.
     *
     * @return true when an earlier version serves now
     */
    boolean fallBack(ModelSlot slot, SemanticVersion quarantined) {
        ModelRepository repository = table.repository;
        Path dir = repository.modelDirectory(slot.name);
        Set<SemanticVersion> refused = VersionHistory.quarantined(dir);
        List<SemanticVersion> committed = VersionHistory.committed(dir);
        List<SemanticVersion> onDisk = repository.versions(slot.name);
        for (int i = committed.size() - 1; i >= 0; i--) {
            SemanticVersion candidate = committed.get(i);
            if (!candidate.equals(quarantined) && !refused.contains(candidate) && onDisk.contains(candidate)) {
                repository.setActiveVersion(slot.name, candidate);
                VersionHistory.append(repository.files(), dir, candidate, VersionEvent.Kind.COMMITTED, "back to it: "
                        + quarantined + " is quarantined");
                audit.record("model.rolled_back", slot.name, candidate, Map.of("from", quarantined.toString(),
                        "reason", "quarantined"));
                switcher.switchTo(slot, repository, candidate, () -> { });
                return true;
            }
        }
        return false;
    }
}
