package org.modelgate.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.modelgate.api.VersionEvent.Kind;
import org.modelgate.api.VersionRefusedException;

/**
 * Which versions of a model stay on disk: removal (hidden first, so a power cut leaves no half-removed version in
 * sight), and retention of at most {@code keepVersions}, never the committed version, the one committed before it
 * (what a rollback returns to) or the serving one. Callers hold the model's admin lock.
 */
final class VersionRetention {
    private final ModelRepository repository;
    private final DurableFiles files;
    private final int keepVersions;
    private final AuditTrail audit;

    VersionRetention(ModelRepository repository, int keepVersions, AuditTrail audit) {
        this.repository = repository;
        this.files = repository.files();
        this.keepVersions = keepVersions;
        this.audit = audit;
    }

    /** The version committed before {@code current}, still in the repository: what a rollback returns to. */
    SemanticVersion previousCommitted(String name, SemanticVersion current) {
        List<SemanticVersion> committed = new ArrayList<>(VersionHistory.committed(repository.modelDirectory(name)));
        List<SemanticVersion> onDisk = repository.versions(name);
        for (int i = committed.size() - 1; i >= 0; i--) {
            SemanticVersion candidate = committed.get(i);
            if (!candidate.equals(current) && onDisk.contains(candidate)) {
                return candidate;
            }
        }
        throw new VersionRefusedException("model '" + name + "' has no earlier committed version than " + current
                + " in the repository to roll back to");
    }

    void remove(ModelSlot slot, SemanticVersion version) {
        remove(slot, version, null);
    }

    /** Removes a version that is neither committed nor serving, saying why in the history and the audit trail. */
    void remove(ModelSlot slot, SemanticVersion version, String reason) {
        String name = slot.name;
        ServingVersion serving = slot.serving;
        if (serving != null && serving.descriptor.version().equals(version)
                || repository.committedVersion(name).filter(version::equals).isPresent()) {
            throw new VersionRefusedException("model '" + name + "' " + version
                    + " is the committed or serving version; activate another one before removing it");
        }
        Challenger challenger = slot.challenger;
        if (challenger != null && challenger.serving.descriptor.version().equals(version)) {
            throw new VersionRefusedException("model '" + name + "' " + version + " is the challenger of a traffic policy; "
                    + "promote or roll it back before removing it (mg:traffic rollback " + name + ")");
        }
        Path dir = repository.modelDirectory(name);
        Path hidden = dir.resolve("." + version + ".removing");
        try {
            if (!Files.isDirectory(dir.resolve(version.toString()))) {
                throw new NoSuchFileException(dir.resolve(version.toString()).toString());
            }
            files.move(dir.resolve(version.toString()), hidden);
            files.forceFolder(dir);
            files.deleteTree(hidden);
        } catch (NoSuchFileException e) {
            throw new VersionRefusedException("model '" + name + "' has no version " + version + " to remove");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove model '" + name + "' " + version + ": " + e.getMessage(), e);
        }
        VersionHistory.append(files, dir, version, Kind.REMOVED, reason);
        audit.record("model.removed", name, version, reason == null ? Map.of() : Map.of("reason", reason));
    }

    /** Keeps at most {@code keepVersions} versions: the oldest go first, never the committed or the one before it, nor a challenger. */
    void prune(ModelSlot slot) {
        if (keepVersions <= 0) {
            return;
        }
        int count = repository.versions(slot.name).size();
        for (SemanticVersion version : removable(slot)) {
            if (count <= keepVersions) {
                break;
            }
            remove(slot, version);
            count--;
        }
    }

    /** Versions that may go, oldest first: all but the committed one, the one committed before it and the serving one. */
    List<SemanticVersion> removable(ModelSlot slot) {
        List<SemanticVersion> versions = new ArrayList<>(repository.versions(slot.name));
        SemanticVersion committed = repository.committedVersion(slot.name).orElse(null);
        SemanticVersion previous = null;
        try {
            previous = committed == null ? null : previousCommitted(slot.name, committed);
        } catch (VersionRefusedException none) {
            // nothing committed before: nothing else to protect
        }
        ServingVersion serving = slot.serving;
        versions.remove(committed);
        versions.remove(previous);
        if (serving != null) {
            versions.remove(serving.descriptor.version());
        }
        Challenger challenger = slot.challenger;
        if (challenger != null) {
            versions.remove(challenger.serving.descriptor.version());
        }
        return versions;
    }
}
