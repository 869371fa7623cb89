package org.modelgate.core.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.modelgate.api.BackendInfo;
import org.modelgate.api.ModelState;
import org.modelgate.spi.InferenceBackend;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Inference backends coming and going. A backend that arrives serves the models waiting for its format and takes
 * back the models that name it in model.json; a backend that leaves (its service, or its bundle stopping) hands its
 * models to the next backend for their format, or they wait, UNAVAILABLE with the reason, and are closed before the
 * backend's bundle is gone. The slow work runs on the registry's background thread.
 */
final class BackendArrivals implements SynchronousBundleListener {
    private static final System.Logger LOG = System.getLogger(BackendArrivals.class.getName());

    private final BackendCatalog backends;
    private final ModelTable table;
    private final ModelSwitcher switcher;
    private final Supplier<? extends Executor> background;
    private final Runnable serveWaitingModels;
    private BundleContext context;
    private PluginTracker<InferenceBackend> tracker;

    /**
     * @param background the registry's background thread, null while it is not active (then an arrival is only noted)
     * @param serveWaitingModels loads the models that wait for a backend (on the background thread)
     */
    BackendArrivals(BackendCatalog backends, ModelTable table, ModelSwitcher switcher, Supplier<? extends Executor> background,
            Runnable serveWaitingModels) {
        this.backends = backends;
        this.table = table;
        this.switcher = switcher;
        this.background = background;
        this.serveWaitingModels = serveWaitingModels;
    }

    /**
     * Follows the backends of the framework: binds those present now (before the models load), then each that comes
     * or goes, and the bundles that stop or are uninstalled.
     */
    void open(BundleContext bundleContext) {
        context = bundleContext;
        context.addBundleListener(this);
        tracker = new PluginTracker<>(context, InferenceBackend.class, this::added, this::removed);
        tracker.open();
    }

    void close() {
        if (context != null) {
            context.removeBundleListener(this);
            tracker.close();
            context = null;
        }
    }

    /** A backend arrived (from the {@link PluginTracker}, or a test). */
    void added(InferenceBackend backend, Map<String, Object> properties) {
        BackendCatalog.Entry entry = backends.add(backend, properties);
        LOG.log(System.Logger.Level.INFO, "backend " + entry.name() + " " + backend.version() + " arrived for formats "
                + backend.formats());
        Executor executor = background.get();
        if (executor != null) {
            // Say LOADING at once, so readiness never reports a model that is about to load as settled.
            for (ModelSlot slot : table.slots.values()) {
                if (isWaitingFor(slot, backend)) {
                    slot.setState(ModelState.LOADING, "loading on " + entry.name());
                }
            }
            executor.execute(serveWaitingModels);
            executor.execute(() -> returnToPreferred(entry));
        }
    }

    void removed(InferenceBackend backend, Map<String, Object> properties) {
        retire(backends.remove(backend, properties));
    }

    /**
     * A bundle is stopping or being uninstalled: the backends it provides leave now, while their classes still
     * work. SCR's unbind usually says the same a moment later (and then finds nothing left to do); when a
     * backend's bundle is uninstalled under load, Felix SCR 2.2.12 was seen not to call unbind at all.
     */
    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.STOPPING || event.getType() == BundleEvent.UNINSTALLED) {
            retire(backends.removeFrom(event.getBundle()));
        }
    }

    /** The backends present, with how many models each serves. */
    List<BackendInfo> present() {
        return backends.all().stream().map(e -> new BackendInfo(e.name(), e.backend().version(), e.backend().formats(),
                e.bundle(), (int) table.slots.values().stream().filter(s -> {
                    ServingVersion serving = s.serving;
                    return serving != null && serving.backend == e;
                }).count())).toList();
    }

    /** Models that name this backend in model.json but serve elsewhere (it was away) move back to it. */
    private void returnToPreferred(BackendCatalog.Entry arrived) {
        for (ModelSlot slot : table.slots.values()) {
            ServingVersion serving = slot.serving;
            if (serving == null || !arrived.name().equals(serving.descriptor.backend()) || serving.backend == arrived) {
                continue;
            }
            slot.admin.lock();
            try {
                ServingVersion now = slot.serving;
                if (now == serving && backends.contains(arrived)) {
                    switcher.switchTo(slot, table.repository, serving.descriptor.version(), () -> { });
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, "model " + slot.name + " stays on " + serving.backendName
                        + ": moving it to its preferred backend " + arrived.name() + " failed: " + e.getMessage());
            } finally {
                slot.admin.unlock();
            }
        }
    }

    private static boolean isWaitingFor(ModelSlot slot, InferenceBackend backend) {
        return slot.serving == null && slot.wanted != null && slot.state == ModelState.UNAVAILABLE
                && backend.formats().contains(slot.format);
    }

    private void retire(List<BackendCatalog.Entry> departed) {
        if (departed.isEmpty()) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "backend " + departed.stream().map(BackendCatalog.Entry::name).toList() + " went away");
        // The backend's bundle is going away: close what runs on it now, not after its classes are gone.
        // The slot lock waits for a load in progress on it; that load sees the backend gone and undoes itself.
        for (ModelSlot slot : table.slots.values()) {
            slot.admin.lock();
            try {
                Challenger challenger = slot.challenger;
                if (challenger != null && departed.contains(challenger.serving.backend)) {
                    table.dropChallenger(slot, "its backend '" + challenger.serving.backendName + "' went away");
                }
                ServingVersion serving = slot.serving;
                if (serving != null && departed.contains(serving.backend) && !handOver(slot, serving)) {
                    table.retire(slot, ModelState.UNAVAILABLE, "backend '" + serving.backendName
                            + "' went away; waiting for a backend that runs format '" + serving.descriptor.format() + "'");
                }
            } finally {
                slot.admin.unlock();
            }
        }
        Executor executor = background.get();
        if (executor != null) {
            executor.execute(serveWaitingModels);
        }
    }

    /**
     * Moves a model off a departing backend onto the next one for its format, if any: the old version keeps serving
     * while the new one loads, and is drained before this returns, so the departing backend closes nothing in use.
     *
     * @return true when another backend serves the model now
     */
    private boolean handOver(ModelSlot slot, ServingVersion serving) {
        if (backends.bestFor(serving.descriptor.format(), serving.descriptor.backend()).isEmpty()) {
            return false;
        }
        try {
            switcher.switchTo(slot, table.repository, serving.descriptor.version(), () -> { });
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "model " + slot.name + " could not move off backend '" + serving.backendName
                    + "': " + e.getMessage());
            return false;
        }
        try {
            serving.retire().get(table.drainSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, slot.name + " " + serving.version() + " on " + serving.backendName
                    + " did not drain cleanly: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
