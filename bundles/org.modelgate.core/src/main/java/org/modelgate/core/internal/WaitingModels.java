package org.modelgate.core.internal;

import org.modelgate.api.ModelState;
import org.modelgate.api.ModelgateException;

/**
 * Models that wait for something to serve (a backend for their format, the device key, a model host) load once it
 * is here: a model that was committed before switches to its wanted version, one that never was runs its first
 * trial. Models withheld by safe mode or whose wanted version is quarantined keep waiting. Runs on the registry's
 * background thread.
 */
final class WaitingModels {
    private static final System.Logger LOG = System.getLogger(WaitingModels.class.getName());

    private final ModelTable table;
    private final BackendCatalog backends;
    private final ModelSwitcher switcher;
    private final VersionLifecycle lifecycle;
    private final CrashQuarantine quarantine;
    private final SafeModeGuard safeMode;

    WaitingModels(ModelTable table, BackendCatalog backends, ModelSwitcher switcher, VersionLifecycle lifecycle,
            CrashQuarantine quarantine, SafeModeGuard safeMode) {
        this.table = table;
        this.backends = backends;
        this.switcher = switcher;
        this.lifecycle = lifecycle;
        this.quarantine = quarantine;
        this.safeMode = safeMode;
    }

    void serve() {
        ModelRepository repository = table.repository;
        for (ModelSlot slot : table.slots.values()) {
            SemanticVersion wanted = slot.wanted;
            if (slot.serving == null && slot.state == ModelState.LOADING && wanted != null
                    && backends.bestFor(slot.format).isEmpty()) {
                // announced LOADING for a backend that left again before the load began
                slot.admin.lock();
                try {
                    if (slot.serving == null && slot.state == ModelState.LOADING && backends.bestFor(slot.format).isEmpty()) {
                        slot.setState(ModelState.UNAVAILABLE, "waiting for a backend that runs format '" + slot.format + "'");
                    }
                } finally {
                    slot.admin.unlock();
                }
                continue;
            }
            if (slot.serving == null && isWaiting(slot.state) && wanted != null && backends.bestFor(slot.format).isPresent()
                    && !safeMode.withholds(slot.name)) {
                slot.admin.lock();
                try {
                    if (slot.serving == null && isWaiting(slot.state) && slot.wanted != null
                            && !quarantine.isQuarantined(slot.name, slot.wanted)) {
                        if (repository.committedVersion(slot.name).isPresent()) {
                            switcher.switchTo(slot, repository, slot.wanted, () -> { });
                        } else {
                            lifecycle.activate(slot, slot.wanted, false); // its first trial, now that a backend is here
                        }
                    }
                } catch (ModelgateException e) {
                    LOG.log(System.Logger.Level.WARNING, "model " + slot.name + " could not be served again: " + e.getMessage());
                } catch (RuntimeException | LinkageError e) {
                    slot.setState(ModelState.FAILED, e.toString());
                    LOG.log(System.Logger.Level.ERROR, "serving model " + slot.name + " again failed", e);
                } finally {
                    slot.admin.unlock();
                }
            }
        }
    }

    private static boolean isWaiting(ModelState state) {
        return state == ModelState.UNAVAILABLE || state == ModelState.LOADING;
    }
}
