package org.modelgate.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.modelgate.api.ChallengerInfo;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelgateException;
import org.modelgate.api.TrafficSplit;
import org.modelgate.api.VersionEvent.Kind;
import org.modelgate.api.VersionRefusedException;

/**
 * Traffic policies in the registry: a challenger version loaded beside the serving one (through its trial), then
 * promoted (committed, it takes all traffic, the old champion drains) or rolled back (it drains), each under the
 * model's admin lock, in the history and in the audit trail.
 *
 * <p>While a challenger runs, {@code <repository>/<name>/challenger} names it (written with fsync and an atomic
 * rename). The {@code active} file changes only on promotion, so a gateway that stops during a policy starts on the
 * committed version: {@link #recover} then records the challenger ROLLED_BACK and removes the file. Nothing is left
 * half: either the promotion's {@code active} write happened or it did not.
 */
final class ChallengerOperations {
    static final String FILE_NAME = "challenger";
    private static final System.Logger LOG = System.getLogger(ChallengerOperations.class.getName());

    private final ModelTable table;
    private final ModelSwitcher switcher;
    private final VersionRetention retention;
    private final CrashQuarantine quarantine;
    private final AuditTrail audit;

    ChallengerOperations(ModelTable table, ModelSwitcher switcher, VersionRetention retention, CrashQuarantine quarantine,
            AuditTrail audit) {
        this.table = table;
        this.switcher = switcher;
        this.retention = retention;
        this.quarantine = quarantine;
        this.audit = audit;
        table.challengerDropped = this::dropped;
    }

    ChallengerInfo start(String name, String version, TrafficSplit split) {
        table.requireInRepository(name);
        ModelRepository repository = table.repository;
        SemanticVersion target = versionOf(repository, name, version);
        ModelSlot slot = table.slot(name);
        Path dir = repository.modelDirectory(name);
        slot.admin.lock();
        try {
            ServingVersion champion = slot.serving;
            if (champion == null) {
                throw new VersionRefusedException("model '" + name + "' is " + slot.state.name().toLowerCase()
                        + "; a challenger runs beside a serving version: load the model first (mg:load " + name + ")");
            }
            Challenger running = slot.challenger;
            if (running != null) {
                throw new VersionRefusedException("model '" + name + "' already has challenger " + running.version()
                        + "; promote or roll it back first (mg:traffic promote|rollback " + name + ")");
            }
            if (target.equals(champion.descriptor.version())) {
                throw new VersionRefusedException("model '" + name + "' " + target + " is the serving version; "
                        + "a challenger must be another version");
            }
            Optional<SemanticVersion> committed = repository.committedVersion(name);
            if (committed.isPresent() && target.compareTo(committed.get()) < 0) {
                throw new VersionRefusedException("model '" + name + "' " + target + " is below the committed version "
                        + committed.get() + "; a challenger is promoted by committing it, so it must not be older");
            }
            if (quarantine.isQuarantined(name, target)) {
                throw new VersionRefusedException(quarantine.refusal(name, target) + "; activate it with force to try it");
            }
            String how = describe(split) + " beside " + champion.version();
            write(repository, dir.resolve(FILE_NAME), target + "\n");
            VersionHistory.append(repository.files(), dir, target, Kind.TRIAL, "challenger: " + how);
            ServingVersion loaded;
            try {
                loaded = switcher.loadBeside(slot, repository, target);
            } catch (ModelgateException | UncheckedIOException e) {
                delete(repository, dir.resolve(FILE_NAME));
                VersionHistory.append(repository.files(), dir, target, Kind.ROLLED_BACK, "challenger not started: "
                        + e.getMessage());
                audit.record("model.challenger.rejected", name, target, Map.of("reason", String.valueOf(e.getMessage())));
                throw e;
            }
            Challenger challenger = new Challenger(loaded, champion.version(), split);
            slot.challenger = challenger;
            audit.record("model.challenger.started", name, target, Map.of("champion", champion.version(), "split", how));
            LOG.log(System.Logger.Level.INFO, "model " + name + " " + target + " is the challenger: " + how);
            return challenger.info();
        } finally {
            slot.admin.unlock();
        }
    }

    ModelInfo end(String name, boolean promote, String evidence) {
        table.requireInRepository(name);
        ModelRepository repository = table.repository;
        ModelSlot slot = table.slot(name);
        Path dir = repository.modelDirectory(name);
        ServingVersion leaving;
        slot.admin.lock();
        try {
            Challenger challenger = slot.challenger;
            if (challenger == null) {
                throw new VersionRefusedException("model '" + name + "' has no challenger: no traffic policy runs on it");
            }
            SemanticVersion version = challenger.serving.descriptor.version();
            String reason = evidence == null || evidence.isBlank() ? "no reason given" : evidence;
            if (promote) {
                // the commit first: if it cannot be written, nothing changed and the challenger still runs
                repository.setActiveVersion(name, version);
                VersionHistory.append(repository.files(), dir, version, Kind.COMMITTED, "promoted from challenger after "
                        + challenger.champion + ": " + reason);
                leaving = slot.serving;
                slot.inflight.serving(version);
                slot.wanted = version;
                slot.format = challenger.serving.descriptor.format();
                slot.serving = challenger.serving; // new requests meet the promoted version from here
                slot.challenger = null;
                challenger.end();
                delete(repository, dir.resolve(FILE_NAME));
                SafeModels.remember(repository.files(), dir, challenger.serving.descriptor.modelFile());
                audit.record("model.promoted", name, version, Map.of("previous", challenger.champion, "evidence", reason));
                LOG.log(System.Logger.Level.INFO, "model " + name + " " + version + " promoted over " + challenger.champion
                        + ": " + reason);
                retention.prune(slot);
            } else {
                leaving = challenger.serving;
                slot.challenger = null; // new requests meet the champion only from here
                challenger.end();
                delete(repository, dir.resolve(FILE_NAME));
                VersionHistory.append(repository.files(), dir, version, Kind.ROLLED_BACK, "challenger rolled back, "
                        + challenger.champion + " serves: " + reason);
                audit.record("model.challenger.rolled_back", name, version, Map.of("champion", challenger.champion,
                        "evidence", reason));
                LOG.log(System.Logger.Level.INFO, "model " + name + " challenger " + version + " rolled back: " + reason);
            }
        } finally {
            slot.admin.unlock();
        }
        drain(name, leaving);
        return table.info(name);
    }

    Optional<ChallengerInfo> view(String name) {
        ModelSlot slot = table.slots.get(name);
        Challenger challenger = slot == null ? null : slot.challenger;
        return challenger == null ? Optional.empty() : Optional.of(challenger.info());
    }

    /** The slot was taken out of service (unloaded, its backend left) with its challenger: say so in the history. */
    private void dropped(ModelSlot slot, Challenger challenger, String why) {
        ModelRepository repository = table.repository;
        if (repository == null || !repository.contains(slot.name)) {
            return;
        }
        Path dir = repository.modelDirectory(slot.name);
        try {
            delete(repository, dir.resolve(FILE_NAME));
            VersionHistory.append(repository.files(), dir, challenger.serving.descriptor.version(), Kind.ROLLED_BACK,
                    "challenger ended with the model: " + why);
        } catch (UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot record the end of challenger " + slot.name + " "
                    + challenger.version() + ": " + e.getMessage() + "; the next start does");
        }
    }

    /**
     * At start: a challenger file means the gateway stopped during a traffic policy. The committed version serves (the
     * {@code active} file was never changed for the challenger); the challenger is recorded ROLLED_BACK.
     */
    static void recover(ModelRepository repository) {
        for (String name : repository.modelNames()) {
            Path dir = repository.modelDirectory(name);
            Path file = dir.resolve(FILE_NAME);
            if (!Files.exists(file)) {
                continue;
            }
            try {
                String version = Files.readString(file, StandardCharsets.UTF_8).trim();
                String committed = repository.committedVersion(name).map(Object::toString).orElse("none");
                if (SemanticVersion.isValid(version)) {
                    VersionHistory.append(repository.files(), dir, SemanticVersion.parse(version), Kind.ROLLED_BACK,
                            "the gateway stopped while it was a challenger; the committed version " + committed + " serves");
                }
                LOG.log(System.Logger.Level.WARNING, "model " + name + " " + version + " was a challenger when the gateway "
                        + "stopped; rolled back, the committed version " + committed + " serves");
                delete(repository, file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot recover the challenger of model '" + name + "' in " + dir + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private void drain(String name, ServingVersion leaving) {
        if (leaving == null) {
            return;
        }
        int seconds = table.drainSeconds;
        try {
            leaving.retire().get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, name + " " + leaving.version() + " still has " + leaving.runningRequests()
                    + " running request(s) after " + seconds + " s; it closes when they end");
        } catch (ExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "closing " + name + " " + leaving.version() + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String describe(TrafficSplit split) {
        String share = (split.percent() == Math.rint(split.percent()) ? Long.toString((long) split.percent())
                : Double.toString(split.percent())) + "%";
        return (split.shadow() ? "shadow of " + share : "split " + share) + (split.sticky() ? ", sticky by route key" : "");
    }

    private static SemanticVersion versionOf(ModelRepository repository, String name, String version) {
        List<SemanticVersion> versions = repository.versions(name);
        SemanticVersion target = version != null && SemanticVersion.isValid(version) ? SemanticVersion.parse(version) : null;
        if (target == null || !versions.contains(target)) {
            throw new ModelNotFoundException("model '" + name + "' has no version '" + version + "'; its versions are "
                    + versions.stream().map(Object::toString).toList());
        }
        return target;
    }

    private static void write(ModelRepository repository, Path file, String text) {
        try {
            repository.files().writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void delete(ModelRepository repository, Path file) {
        try {
            if (Files.exists(file)) {
                repository.files().delete(file);
                repository.files().forceFolder(file.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file + ": " + e.getMessage(), e);
        }
    }
}
