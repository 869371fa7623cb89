package org.modelgate.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelgateException;
import org.modelgate.api.VersionEvent.Kind;
import org.modelgate.api.VersionRefusedException;
import org.modelgate.core.internal.ModelDescriptor.InvalidDescriptorException;
import org.modelgate.spi.KeyException;
import org.modelgate.spi.KeyProvider;
import org.modelgate.spi.ModelPackageReader;

/**
 * The life of model versions on disk: install (crash-safe copy), activation as a trial that commits or
 * rolls back, authorized rollback, removal, retention, and recovery of what a power cut interrupted.
 *
 * <p>Every step is written with fsync and atomic renames before it is reported, so after a crash the
 * repository holds either the old or the new state: {@code active} names the committed version, a
 * {@code trial} file left behind marks a trial that never finished (rolled back at the next start),
 * and half-copied or half-removed version folders are hidden ({@code .<version>.installing},
 * {@code .<version>.removing}) and cleaned up at the next start. Callers hold the model's admin lock.
 */
final class VersionLifecycle {
    static final String TRIAL_FILE = "trial";
    private static final System.Logger LOG = System.getLogger(VersionLifecycle.class.getName());

    private final ModelRepository repository;
    private final DurableFiles files;
    private final ModelSwitcher switcher;
    private final int keepVersions;
    private final AuditTrail audit;

    private final TrustGate trust;
    private DiskQuota quota = DiskQuota.NONE;
    private Function<String, ModelSlot> slots;
    private final AtRestEncryption encryption;

    VersionLifecycle(ModelRepository repository, ModelSwitcher switcher, int keepVersions, AuditTrail audit, TrustGate trust,
            AtRestEncryption encryption) {
        this.trust = trust;
        this.encryption = encryption;
        this.repository = repository;
        this.files = repository.files();
        this.switcher = switcher;
        this.keepVersions = keepVersions;
        this.audit = audit;
    }

    /** Keeps the repository within a quota, removing versions of a model being installed through its slot. */
    void useQuota(DiskQuota diskQuota, Function<String, ModelSlot> slotOfModel) {
        this.quota = diskQuota;
        this.slots = slotOfModel;
    }

    /** At start: roll back trials a restart interrupted, remove half-installed and half-removed folders. */
    void recover() {
        try (Stream<Path> entries = Files.isDirectory(repository.root()) ? Files.list(repository.root()) : Stream.empty()) {
            for (Path staging : entries.filter(p -> p.getFileName().toString().startsWith(".staging-")).toList()) {
                files.deleteTree(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + repository.root() + ": " + e.getMessage(), e);
        }
        for (String name : repository.modelNames()) {
            Path dir = repository.modelDirectory(name);
            Path trial = dir.resolve(TRIAL_FILE);
            try {
                if (Files.exists(trial)) {
                    String version = Files.readString(trial, StandardCharsets.UTF_8).trim();
                    String committed = repository.committedVersion(name).map(Object::toString).orElse("none");
                    if (SemanticVersion.isValid(version)) {
                        VersionHistory.append(files, dir, SemanticVersion.parse(version), Kind.ROLLED_BACK,
                                "the gateway stopped during its trial; committed version: " + committed);
                        audit.record("model.rolled_back", name, SemanticVersion.parse(version),
                                Map.of("to", committed, "reason", "the gateway stopped during its trial"));
                    }
                    LOG.log(System.Logger.Level.WARNING, "model " + name + " " + version
                            + " was in trial when the gateway stopped; rolled back to " + committed);
                    files.delete(trial);
                    files.forceFolder(dir);
                }
                try (Stream<Path> entries = Files.list(dir)) {
                    for (Path leftover : entries.filter(VersionLifecycle::isLeftover).toList()) {
                        files.deleteTree(leftover);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot recover model '" + name + "' in " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Trial, then commit: the version loads, passes its golden samples, is recorded as committed, then
     * takes the traffic. On any failure the committed version keeps serving and the trial is recorded as
     * rolled back.
     */
    void activate(ModelSlot slot, SemanticVersion target, boolean authorizedDowngrade) {
        String name = slot.name;
        Path dir = repository.modelDirectory(name);
        Optional<SemanticVersion> committed = repository.committedVersion(name);
        if (!authorizedDowngrade && committed.isPresent() && target.compareTo(committed.get()) < 0) {
            throw new VersionRefusedException("model '" + name + "' " + target + " is below the committed version "
                    + committed.get() + "; going back needs an explicit rollback (mg:rollback " + name + ")");
        }
        if (committed.isPresent() && !VersionHistory.committed(dir).contains(committed.get())) {
            // committed before the history was kept (an operator's active file): record it, so rollback finds it
            VersionHistory.append(files, dir, committed.get(), Kind.COMMITTED, "found committed in " + ModelRepository.ACTIVE_FILE);
        }
        write(dir.resolve(TRIAL_FILE), target.toString());
        VersionHistory.append(files, dir, target, Kind.TRIAL, null);
        try {
            switcher.switchTo(slot, repository, target, () -> {
                repository.setActiveVersion(name, target);
                VersionHistory.append(files, dir, target, Kind.COMMITTED, committed.map(c -> "after " + c).orElse(null));
                deleteTrialFile(dir);
            });
        } catch (ModelgateException | UncheckedIOException e) {
            deleteTrialFile(dir);
            VersionHistory.append(files, dir, target, Kind.ROLLED_BACK, e.getMessage());
            audit.record("model.activation.rejected", name, target, Map.of("reason", String.valueOf(e.getMessage())));
            throw e;
        }
        audit.record(authorizedDowngrade ? "model.rolled_back" : "model.activated", name, target,
                Map.of("previous", committed.map(Object::toString).orElse("none"), "trial", "passed"));
        prune(slot);
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

    /**
     * Installs a package file (unpacked and verified by the reader into a hidden staging folder first) or a
     * version folder.
     */
    ModelDescriptor install(Path source, ModelPackageReader packages) {
        if (!Files.isRegularFile(source)) {
            return install(source);
        }
        if (packages == null || !packages.accepts(source)) {
            throw new ModelLoadException("cannot install " + source + ": it is a file, and no package reader takes it"
                    + (packages == null ? " (the trust feature with a configured trust store reads .mgp packages)" : ""));
        }
        Path staging = repository.root().resolve(".staging-" + System.nanoTime());
        try {
            return install(packages.unpack(source, staging));
        } finally {
            try {
                files.deleteTree(staging);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot remove the staging folder " + staging + "; it goes at the next start", e);
            }
        }
    }

    /**
     * Copies a version folder into the repository: hidden while copying, fsynced, then renamed into place. With
     * encryption at rest the model file is encrypted on its way in; every other file is copied as it is.
     */
    ModelDescriptor install(Path folder) {
        ModelDescriptor staged;
        try {
            staged = ModelDescriptor.readStaged(folder);
        } catch (InvalidDescriptorException e) {
            throw new ModelLoadException("cannot install " + folder + ": " + e.getMessage());
        }
        String name = staged.name();
        String what = "model '" + name + "' " + staged.version();
        if (encryption.isEncrypted(staged.modelFile(), what)) {
            throw new ModelLoadException("cannot install " + what + " from " + folder + ": its model file " + staged.modelFile()
                    + " is encrypted already (Modelgate at-rest format), under the device key of the gateway that wrote it; "
                    + "install the plain version (signed package or folder): this gateway encrypts it under its own key");
        }
        String signer = trust.check(folder, what + " from " + folder);
        Path dir = repository.root().resolve(name);
        Path target = dir.resolve(staged.version().toString());
        if (Files.exists(target)) {
            throw new VersionRefusedException("model '" + name + "' " + staged.version() + " is installed already");
        }
        Optional<SemanticVersion> committed = repository.contains(name) ? repository.committedVersion(name) : Optional.empty();
        if (committed.isPresent() && staged.version().compareTo(committed.get()) < 0) {
            throw new VersionRefusedException("model '" + name + "' " + staged.version() + " is below the committed version "
                    + committed.get() + "; a downgrade is not installed");
        }
        makeRoom(name, staged.version(), folder);
        KeyProvider keys = encryption.forInstall(what);
        String keyId = null;
        Map<Path, DurableFiles.ContentWriter> writers = Map.of();
        Path copy = dir.resolve("." + staged.version() + ".installing");
        try {
            if (keys != null) {
                keyId = keys.keyId();
                Path base = folder.toAbsolutePath().normalize();
                writers = Map.of(base.relativize(staged.modelFile().toAbsolutePath().normalize()), encryption.encrypter(keys));
            }
            files.createFolders(dir);
            files.deleteTree(copy);
            files.copyTree(folder, copy, writers);
            files.move(copy, target);
            files.forceFolder(dir);
        } catch (IOException | KeyException e) {
            try {
                files.deleteTree(copy);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new ModelLoadException("cannot install " + what + " into " + target + (keys == null ? "" : " encrypted")
                    + ": " + e.getMessage(), e);
        }
        String source = folder.toAbsolutePath().toString();
        VersionHistory.append(files, dir, staged.version(), Kind.INSTALLED, "from " + source
                + (keyId == null ? "" : ", " + staged.modelFile().getFileName() + " encrypted under key " + keyId));
        Map<String, String> details = new LinkedHashMap<>();
        details.put("source", source);
        if (signer != null) {
            details.put("signer", signer);
        }
        if (keyId != null) {
            details.put("encryptedUnder", keyId);
        }
        audit.record("model.installed", name, staged.version(), details);
        return staged;
    }

    /**
     * Under a quota: removes the model's oldest removable versions until the new one fits, or, when
     * removing all of them would not be enough, refuses the install and removes nothing.
     */
    private void makeRoom(String name, SemanticVersion version, Path incomingFolder) {
        if (!quota.limited()) {
            return;
        }
        long incoming = DiskQuota.sizeOf(incomingFolder);
        long used = quota.used(repository.root());
        if (used + incoming <= quota.limitBytes()) {
            return;
        }
        if (repository.contains(name)) {
            ModelSlot slot = slots.apply(name);
            slot.admin.lock();
            try {
                Map<SemanticVersion, Long> going = new java.util.LinkedHashMap<>();
                long after = used;
                for (SemanticVersion old : removable(slot)) {
                    if (after + incoming <= quota.limitBytes()) {
                        break;
                    }
                    long size = DiskQuota.sizeOf(repository.modelDirectory(name).resolve(old.toString()));
                    going.put(old, size);
                    after -= size;
                }
                if (after + incoming <= quota.limitBytes()) {
                    for (SemanticVersion old : going.keySet()) {
                        remove(slot, old, "disk quota: making room for " + version);
                    }
                    return;
                }
            } finally {
                slot.admin.unlock();
            }
        }
        throw new VersionRefusedException("model '" + name + "' " + version + " (" + DiskQuota.mebibytes(incoming)
                + ") does not fit: the repository holds " + DiskQuota.mebibytes(used) + " of its "
                + DiskQuota.mebibytes(quota.limitBytes()) + " quota (diskQuotaMB of " + RegistryConfig.PID
                + "), and removing the versions that may go would not free enough; remove versions with mg:remove"
                + " or raise the quota");
    }

    void remove(ModelSlot slot, SemanticVersion version) {
        remove(slot, version, null);
    }

    private void remove(ModelSlot slot, SemanticVersion version, String reason) {
        String name = slot.name;
        ServingVersion serving = slot.serving;
        if (serving != null && serving.descriptor.version().equals(version)
                || repository.committedVersion(name).filter(version::equals).isPresent()) {
            throw new VersionRefusedException("model '" + name + "' " + version
                    + " is the committed or serving version; activate another one before removing it");
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

    /** Keeps at most {@code keepVersions} versions: the oldest go first, never the committed or the one before it. */
    private void prune(ModelSlot slot) {
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
    private List<SemanticVersion> removable(ModelSlot slot) {
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
        return versions;
    }

    private static boolean isLeftover(Path entry) {
        String file = entry.getFileName().toString();
        return file.startsWith(".") && (file.endsWith(".installing") || file.endsWith(".removing"));
    }

    private void write(Path file, String text) {
        try {
            files.writeAtomically(file, (text + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private void deleteTrialFile(Path dir) {
        try {
            if (Files.exists(dir.resolve(TRIAL_FILE))) {
                files.delete(dir.resolve(TRIAL_FILE));
                files.forceFolder(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir.resolve(TRIAL_FILE) + ": " + e.getMessage(), e);
        }
    }
}
