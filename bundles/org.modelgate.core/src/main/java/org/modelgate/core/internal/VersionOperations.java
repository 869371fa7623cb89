package org.modelgate.core.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelState;
import org.modelgate.api.ModelgateException;
import org.modelgate.api.SafeMode;
import org.modelgate.api.VersionEvent;
import org.modelgate.api.VersionRefusedException;
import org.modelgate.spi.ModelPackageReader;

/**
 * What an operator does to a model's versions ({@link org.modelgate.api.ModelRegistry}): load, unload, activate,
 * roll back, install and remove, each under the model's admin lock, each in the audit trail. Safe mode withholds a
 * model until the operator names the version to run (or forces it).
 */
final class VersionOperations {
    private static final System.Logger LOG = System.getLogger(VersionOperations.class.getName());

    private final ModelTable table;
    private final ModelSwitcher switcher;
    private final VersionLifecycle lifecycle;
    private final VersionInstaller installer;
    private final VersionRetention retention;
    private final CrashQuarantine quarantine;
    private final QuarantineFallback fallback;
    private final SafeModeGuard safeMode;
    private final AuditTrail audit;
    private final Supplier<? extends Executor> background;

    VersionOperations(ModelTable table, ModelSwitcher switcher, VersionLifecycle lifecycle, VersionInstaller installer,
            VersionRetention retention, CrashQuarantine quarantine, QuarantineFallback fallback, SafeModeGuard safeMode,
            AuditTrail audit, Supplier<? extends Executor> background) {
        this.table = table;
        this.switcher = switcher;
        this.lifecycle = lifecycle;
        this.installer = installer;
        this.retention = retention;
        this.quarantine = quarantine;
        this.fallback = fallback;
        this.safeMode = safeMode;
        this.audit = audit;
        this.background = background;
    }

    /** At start: every model of the repository loads in the background; those safe mode withholds wait, with why. */
    void autoload() {
        Executor executor = background.get();
        for (String name : table.repository.modelNames()) {
            if (safeMode.withholds(name)) {
                table.slot(name).setState(ModelState.UNAVAILABLE, safeMode.reason(name));
                continue;
            }
            table.slot(name).setState(ModelState.LOADING, "loading at start");
            executor.execute(() -> loadLogged(name));
        }
    }

    SafeMode safeMode() {
        return safeMode.status();
    }

    /** Leaves safe mode: the models it withheld load now, in the background. */
    SafeMode leaveSafeMode() {
        SafeMode before = safeMode.status();
        List<String> held = safeMode.leave();
        Executor executor = background.get();
        for (String name : held) {
            if (table.repository.contains(name) && executor != null) {
                table.slot(name).setState(ModelState.LOADING, "loading after safe mode was left");
                executor.execute(() -> loadLogged(name));
            }
        }
        return before;
    }

    ModelInfo load(String name, boolean force) {
        if (safeMode.withholds(name)) {
            table.requireInRepository(name);
            if (!force) {
                throw new VersionRefusedException("model '" + name + "' is " + safeMode.reason(name));
            }
            safeMode.lift(name);
        }
        ServingVersion before = table.slots.containsKey(name) ? table.slots.get(name).serving : null;
        ModelInfo info = loadActive(name, force);
        ServingVersion after = table.slots.get(name).serving;
        if (after != null && after != before) {
            audit.record(force ? "model.loaded.forced" : "model.loaded", name, after.descriptor.version(),
                    Map.of("backend", String.valueOf(info.backend())));
        }
        return info;
    }

    /**
     * Loads the active version; what {@link #load} does, without the audit entry (autoload at boot). A quarantined
     * committed version gives way to the version committed before it; with {@code force} it runs its trial again.
     */
    private ModelInfo loadActive(String name, boolean force) {
        table.requireInRepository(name);
        ModelRepository repository = table.repository;
        ModelSlot slot = table.slot(name);
        slot.admin.lock();
        try {
            SemanticVersion version = repository.activeVersion(name).orElseThrow(() -> new ModelLoadException(
                    "model '" + name + "' has no version folder (" + repository.root().resolve(name) + "/<version>/model.json)"));
            ServingVersion serving = slot.serving;
            if (serving == null || !serving.descriptor.version().equals(version)) {
                boolean quarantined = quarantine.isQuarantined(name, version);
                if (quarantined && !force && repository.committedVersion(name).isPresent() && fallback.fallBack(slot, version)) {
                    LOG.log(System.Logger.Level.WARNING, "model " + name + " " + version + " is quarantined; "
                            + slot.serving.version() + " serves");
                } else if (repository.committedVersion(name).isPresent() && !quarantined) {
                    switcher.switchTo(slot, repository, version, () -> { });
                } else {
                    // the first version to serve (its first commit), or a quarantined one: through a trial
                    lifecycle.activate(slot, version, false, force, quarantine);
                }
            }
        } finally {
            slot.admin.unlock();
        }
        return table.info(name);
    }

    /** Loads the active version on the background thread (autoload, leaving safe mode), logging the outcome. */
    private void loadLogged(String name) {
        try {
            ModelInfo info = loadActive(name, false);
            LOG.log(System.Logger.Level.INFO, "model " + name + " " + info.version() + " is " + info.state()
                    + (info.backend() == null ? "" : " on " + info.backend()));
        } catch (ModelgateException e) {
            ModelSlot slot = table.slots.get(name);
            boolean waiting = slot != null && slot.state == ModelState.UNAVAILABLE;
            LOG.log(waiting ? System.Logger.Level.INFO : System.Logger.Level.WARNING, e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            table.slot(name).setState(ModelState.FAILED, e.toString());
            LOG.log(System.Logger.Level.ERROR, "loading model " + name + " failed", e);
        }
    }

    ModelInfo unload(String name) {
        ModelSlot slot = table.slots.get(name);
        if (slot == null) {
            table.requireInRepository(name);
            return table.info(name);
        }
        ServingVersion serving = slot.serving;
        table.retire(slot, ModelState.UNLOADED, null);
        if (serving != null) {
            audit.record("model.unloaded", name, serving.descriptor.version(), Map.of());
        }
        return table.info(name);
    }

    ModelInfo activate(String name, String version, boolean force) {
        table.requireInRepository(name);
        ModelSlot slot = table.slot(name);
        SemanticVersion target = versionOf(name, version);
        safeMode.lift(name); // the operator chose the version to run
        slot.admin.lock();
        try {
            refuseDuringPolicy(slot, "activating " + version);
            lifecycle.activate(slot, target, false, force, quarantine);
        } finally {
            slot.admin.unlock();
        }
        return table.info(name);
    }

    /** Activation and rollback wait for a traffic policy to end: they would change the champion under it. */
    private static void refuseDuringPolicy(ModelSlot slot, String what) {
        Challenger challenger = slot.challenger;
        if (challenger != null) {
            throw new VersionRefusedException("model '" + slot.name + "' runs a traffic policy with challenger "
                    + challenger.version() + "; " + what + " waits until it ends: promote or roll it back first "
                    + "(mg:traffic promote|rollback " + slot.name + ")");
        }
    }

    private SemanticVersion versionOf(String name, String version) {
        List<SemanticVersion> versions = table.repository.versions(name);
        SemanticVersion target = SemanticVersion.isValid(version) ? SemanticVersion.parse(version) : null;
        if (target == null || !versions.contains(target)) {
            throw new ModelNotFoundException("model '" + name + "' has no version '" + version + "'; its versions are "
                    + versions.stream().map(Object::toString).toList());
        }
        return target;
    }

    ModelInfo rollback(String name) {
        table.requireInRepository(name);
        ModelSlot slot = table.slot(name);
        slot.admin.lock();
        try {
            refuseDuringPolicy(slot, "a rollback");
            ServingVersion serving = slot.serving;
            SemanticVersion current = serving != null ? serving.descriptor.version()
                    : table.repository.activeVersion(name).orElseThrow(() -> table.notFound(name));
            safeMode.lift(name); // the operator chose the version to run
            lifecycle.activate(slot, retention.previousCommitted(name, current), true, false, quarantine);
        } finally {
            slot.admin.unlock();
        }
        return table.info(name);
    }

    ModelInfo install(Path versionFolder, ModelPackageReader packageReader) {
        ModelDescriptor installed = installer.install(versionFolder, packageReader);
        return table.info(installed.name());
    }

    ModelInfo remove(String name, String version) {
        table.requireInRepository(name);
        if (!SemanticVersion.isValid(version)) {
            throw new ModelNotFoundException("'" + version + "' is not a version (MAJOR.MINOR.PATCH)");
        }
        ModelSlot slot = table.slot(name);
        slot.admin.lock();
        try {
            retention.remove(slot, SemanticVersion.parse(version));
        } finally {
            slot.admin.unlock();
        }
        return table.info(name);
    }

    List<VersionEvent> history(String name) {
        table.requireInRepository(name);
        return VersionHistory.read(table.repository.modelDirectory(name));
    }
}
