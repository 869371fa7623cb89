package org.modelgate.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.modelgate.api.ModelLoadException;
import org.modelgate.api.VersionEvent.Kind;
import org.modelgate.api.VersionRefusedException;
import org.modelgate.core.internal.ModelDescriptor.InvalidDescriptorException;
import org.modelgate.spi.KeyException;
import org.modelgate.spi.KeyProvider;
import org.modelgate.spi.ModelPackageReader;

/**
 * Puts a new version on disk: a signed package (unpacked by the package reader) or a version folder, its signature
 * checked, copied crash-safely (hidden while copying, fsynced, renamed into place), its model file encrypted on the
 * way in when encryption at rest is on, and room made under the disk quota by removing the model's oldest removable
 * versions. Nothing is activated here.
 */
final class VersionInstaller {
    /** Precedes the signer at the end of an INSTALLED history reason. */
    static final String SIGNED_BY = "signed by ";

    private static final System.Logger LOG = System.getLogger(VersionInstaller.class.getName());

    private final ModelRepository repository;
    private final DurableFiles files;
    private final VersionRetention retention;
    private final AuditTrail audit;
    private final TrustGate trust;
    private final AtRestEncryption encryption;
    private DiskQuota quota = DiskQuota.NONE;
    private Function<String, ModelSlot> slots;
    private Supplier<GatewayFacts> facts;

    VersionInstaller(ModelRepository repository, VersionRetention retention, AuditTrail audit, TrustGate trust,
            AtRestEncryption encryption) {
        this.repository = repository;
        this.files = repository.files();
        this.retention = retention;
        this.audit = audit;
        this.trust = trust;
        this.encryption = encryption;
    }

    /** Refuses versions whose model.json {@code "requires"} this gateway (facts read at each install) does not meet. */
    void checkRequirements(Supplier<GatewayFacts> gatewayFacts) {
        this.facts = gatewayFacts;
    }

    /** Keeps the repository within a quota, removing versions of a model being installed through its slot. */
    void useQuota(DiskQuota diskQuota, Function<String, ModelSlot> slotOfModel) {
        this.quota = diskQuota;
        this.slots = slotOfModel;
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

    /** Refuses, audited as {@code model.refused}, a version whose {@code "requires"} this gateway does not meet. */
    private void refuseUnfit(ModelDescriptor staged, String what, Path folder) {
        if (facts == null) {
            return;
        }
        List<String> unmet = staged.requires().unmet(facts.get());
        if (unmet.isEmpty()) {
            return;
        }
        String reason = String.join("; ", unmet);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("source", folder.toAbsolutePath().toString());
        details.put("reason", reason);
        audit.record("model.refused", staged.name(), staged.version(), details);
        throw new VersionRefusedException(what + " does not fit this gateway: " + reason);
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
        refuseUnfit(staged, what, folder);
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
        // The signer goes into the history too (not only the audit log): mg:trust signers reads it per version.
        VersionHistory.append(files, dir, staged.version(), Kind.INSTALLED, "from " + source
                + (keyId == null ? "" : ", " + staged.modelFile().getFileName() + " encrypted under key " + keyId)
                + (signer == null ? "" : "; " + SIGNED_BY + signer));
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
                Map<SemanticVersion, Long> going = new LinkedHashMap<>();
                long after = used;
                for (SemanticVersion old : retention.removable(slot)) {
                    if (after + incoming <= quota.limitBytes()) {
                        break;
                    }
                    long size = DiskQuota.sizeOf(repository.modelDirectory(name).resolve(old.toString()));
                    going.put(old, size);
                    after -= size;
                }
                if (after + incoming <= quota.limitBytes()) {
                    for (SemanticVersion old : going.keySet()) {
                        retention.remove(slot, old, "disk quota: making room for " + version);
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
}
