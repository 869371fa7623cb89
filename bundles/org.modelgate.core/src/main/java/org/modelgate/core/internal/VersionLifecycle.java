package org.modelgate.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelgateException;
import org.modelgate.api.VersionEvent.Kind;
import org.modelgate.api.VersionRefusedException;

/**
 * The activation of model versions: a trial that commits or rolls back (authorized rollback included), and the
 * recovery at start of what a power cut interrupted. Installing is {@link VersionInstaller}'s, removal and
 * retention {@link VersionRetention}'s.
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
    private final VersionRetention retention;
    private final AuditTrail audit;
    /** Whether a trial runs in a model host process first (sandboxTrials). */
    volatile boolean sandboxTrials = true;
    /** Whether a backend for a format is present: without one a trial waits instead of failing. */
    volatile java.util.function.Predicate<String> backendPresent = format -> true;
    /** The names of the backends present, for the message of a model that waits for one. */
    volatile java.util.function.Supplier<String> backendNames = () -> "none";
    private volatile boolean warnedNoHosts;

    VersionLifecycle(ModelRepository repository, ModelSwitcher switcher, VersionRetention retention, AuditTrail audit) {
        this.repository = repository;
        this.files = repository.files();
        this.switcher = switcher;
        this.retention = retention;
        this.audit = audit;
    }

    /** At start: roll back trials a restart interrupted, remove half-installed and half-removed folders. */
    void recover() {
        ChallengerOperations.recover(repository);
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
                    // CrashQuarantine recorded the version CRASHED; the committed version serves
                    LOG.log(System.Logger.Level.WARNING, "model " + name + " "
                            + Files.readString(trial, StandardCharsets.UTF_8).trim() + " was in trial when the gateway stopped; "
                            + "the committed version is " + repository.committedVersion(name).map(Object::toString).orElse("none"));
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
        activate(slot, target, authorizedDowngrade, false, null);
    }

    /**
     * As {@link #activate(ModelSlot, SemanticVersion, boolean)}; {@code force} lets a quarantined version run its
     * trial again, {@code quarantine} says which versions are.
     */
    void activate(ModelSlot slot, SemanticVersion target, boolean authorizedDowngrade, boolean force, CrashQuarantine quarantine) {
        String name = slot.name;
        Path dir = repository.modelDirectory(name);
        Optional<SemanticVersion> committed = repository.committedVersion(name);
        if (!authorizedDowngrade && committed.isPresent() && target.compareTo(committed.get()) < 0) {
            throw new VersionRefusedException("model '" + name + "' " + target + " is below the committed version "
                    + committed.get() + "; going back needs an explicit rollback (mg:rollback " + name + ")");
        }
        boolean quarantined = quarantine != null && quarantine.isQuarantined(name, target);
        if (quarantined && !force) {
            String refusal = quarantine.refusal(name, target) + "; activate it with force to try it again: mg:activate --force "
                    + name + " " + target + ", or POST /v2/repository/models/" + name + "/load?force=true";
            if (slot.serving == null) {
                slot.setState(org.modelgate.api.ModelState.FAILED, refusal);
            }
            throw new VersionRefusedException(refusal);
        }
        ModelDescriptor descriptor = descriptorOrNull(name, target);
        if (descriptor != null && !backendPresent.test(descriptor.format())) {
            // Start order: no trial (and nothing in the history) before a backend that runs the model is here.
            slot.wanted = target;
            slot.format = descriptor.format();
            String waiting = "no backend runs format '" + descriptor.format() + "' of model '" + name + "' " + target
                    + " yet (backends present: " + backendNames.get() + "); its trial runs when one arrives";
            if (slot.serving == null) {
                slot.setState(org.modelgate.api.ModelState.UNAVAILABLE, waiting);
            }
            throw new ModelLoadException(waiting);
        }
        if (committed.isPresent() && !VersionHistory.committed(dir).contains(committed.get())) {
            // committed before the history was kept (an operator's active file): record it, so rollback finds it
            VersionHistory.append(files, dir, committed.get(), Kind.COMMITTED, "found committed in " + ModelRepository.ACTIVE_FILE);
        }
        boolean sandboxed = descriptor != null && sandboxes(slot, descriptor);
        write(dir.resolve(TRIAL_FILE), target.toString());
        VersionHistory.append(files, dir, target, Kind.TRIAL, (quarantined ? "forced by the operator after CRASHED; " : "")
                + (descriptor == null ? null : "warm-up on " + WarmUp.describe(descriptor.golden())
                        + (sandboxed ? "; sandboxed in a model host process first" : "")));
        try {
            String sandboxSkipped = sandboxed ? switcher.trialInHost(slot, repository, target) : null;
            switcher.switchTo(slot, repository, target, () -> {
                repository.setActiveVersion(name, target);
                String after = committed.map(c -> "after " + c).orElse(null);
                VersionHistory.append(files, dir, target, Kind.COMMITTED, sandboxSkipped == null ? after
                        : (after == null ? "" : after + "; ") + "sandbox skipped: " + sandboxSkipped);
                deleteTrialFile(dir);
            });
        } catch (ModelgateException | UncheckedIOException e) {
            deleteTrialFile(dir);
            VersionHistory.append(files, dir, target, Kind.ROLLED_BACK, e.getMessage());
            audit.record("model.activation.rejected", name, target, Map.of("reason", String.valueOf(e.getMessage())));
            throw e;
        }
        if (descriptor != null) {
            SafeModels.remember(files, dir, descriptor.modelFile());
        }
        audit.record(authorizedDowngrade ? "model.rolled_back" : "model.activated", name, target,
                Map.of("previous", committed.map(Object::toString).orElse("none"), "trial", "passed"));
        retention.prune(slot);
    }

    /**
     * Whether the trial runs in a model host process first: sandboxTrials is on, the host bundle is there, the model is
     * not isolated anyway (then its serving host is the sandbox) and its model file never ran safely here.
     */
    private boolean sandboxes(ModelSlot slot, ModelDescriptor descriptor) {
        if (!sandboxTrials || switcher.isolated(descriptor)) {
            return false;
        }
        if (switcher.hosts == null) {
            if (!warnedNoHosts) {
                warnedNoHosts = true;
                LOG.log(System.Logger.Level.WARNING, "sandboxTrials is on, but no model host service is present (bundle "
                        + "org.modelgate.host): trials run in the gateway's own process");
            }
            return false;
        }
        if (SafeModels.knows(repository.modelDirectory(slot.name), descriptor.modelFile())) {
            LOG.log(System.Logger.Level.INFO, "model " + slot.name + " " + descriptor.version() + ": its model file ran safely "
                    + "here before; the trial skips the sandbox");
            return false;
        }
        return true;
    }

    private ModelDescriptor descriptorOrNull(String name, SemanticVersion version) {
        try {
            return repository.descriptor(name, version);
        } catch (RuntimeException e) {
            return null; // the switcher reports it with the reason
        }
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
