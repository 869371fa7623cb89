package org.modelgate.core.internal;

import org.modelgate.api.ExecutionPlan;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelState;
import org.modelgate.spi.LoadedModel;

/**
 * The last step of putting a version into service, after it loaded: the trial (schema, warm-up, golden samples),
 * the commit, then the swap: one volatile write, after which new requests go to the new version while the old one
 * finishes the requests it holds and closes. Callers hold the slot's admin lock.
 */
final class VersionSwap {
    private static final System.Logger LOG = System.getLogger(VersionSwap.class.getName());

    private final BackendCatalog backends;

    VersionSwap(BackendCatalog backends) {
        this.backends = backends;
    }

    /**
     * Checks the loaded version (schema, warm-up, golden samples), runs {@code commit}, then swaps it in with one write;
     * the version it replaces drains and closes. On any failure the loaded version is closed and the serving one stays.
     */
    void putIntoService(ModelSlot slot, SemanticVersion version, ModelDescriptor descriptor, BackendCatalog.Entry backend,
            LoadedModel loaded, ExecutionPlan plan, long start, Runnable commit) {
        ServingVersion next;
        try {
            if (departed(backend)) {
                throw new ModelLoadException("backend '" + backend.name() + "' went away while loading model '"
                        + slot.name + "' " + version + "; it loads again when a backend for format '"
                        + descriptor.format() + "' arrives");
            }
            descriptor.schema().check(loaded, "model '" + slot.name + "' " + version);
            if (descriptor.batching() != null) {
                descriptor.batching().check(loaded, "model '" + slot.name + "' " + version);
            }
            next = new ServingVersion(descriptor, backend, loaded, plan);
            warmUp(next, descriptor.golden());
            // The trial: a version that does not reproduce its golden samples never takes traffic.
            descriptor.golden().check(loaded, descriptor.labels(), "model '" + slot.name + "' " + version);
            commit.run();
        } catch (RuntimeException e) {
            loaded.close();
            if (departed(backend)) {
                throw ModelSwitcher.fail(slot, ModelState.UNAVAILABLE, e.getMessage(), e);
            }
            throw ModelSwitcher.fail(slot, ModelState.FAILED, "model '" + slot.name + "' " + version + " was loaded but not put into service: "
                    + e.getMessage(), e);
        }
        ServingVersion old = slot.serving;
        slot.inflight.serving(version);
        slot.serving = next;
        slot.setState(ModelState.READY, null);
        LOG.log(System.Logger.Level.INFO, "model " + slot.name + " " + version + " serving on " + backend.name()
                + (plan.accelerator() == null ? "" : " with accelerator " + plan.accelerator()) + " (loaded in "
                + (System.nanoTime() - start) / 1_000_000 + " ms)" + (old == null ? "" : ", replacing " + old.version()));
        if (old != null) {
            old.retire();
        }
    }

    /**
     * The trial of a challenger: checks the loaded version (schema, warm-up, golden samples) and returns it ready to
     * serve beside the slot's version, which it leaves alone. On any failure the loaded version is closed.
     */
    ServingVersion trial(ModelSlot slot, SemanticVersion version, ModelDescriptor descriptor, BackendCatalog.Entry backend,
            LoadedModel loaded, ExecutionPlan plan) {
        try {
            if (departed(backend)) {
                throw new ModelLoadException("backend '" + backend.name() + "' went away while loading model '"
                        + slot.name + "' " + version);
            }
            descriptor.schema().check(loaded, "model '" + slot.name + "' " + version);
            if (descriptor.batching() != null) {
                descriptor.batching().check(loaded, "model '" + slot.name + "' " + version);
            }
            ServingVersion next = new ServingVersion(descriptor, backend, loaded, plan);
            warmUp(next, descriptor.golden());
            descriptor.golden().check(loaded, descriptor.labels(), "model '" + slot.name + "' " + version);
            LOG.log(System.Logger.Level.INFO, "model " + slot.name + " " + version + " loaded on " + backend.name()
                    + " as the challenger beside " + (slot.serving == null ? "nothing" : slot.serving.version()));
            return next;
        } catch (RuntimeException e) {
            loaded.close();
            throw e instanceof ModelLoadException m ? m : new ModelLoadException("model '" + slot.name + "' " + version
                    + " was loaded as a challenger but failed its trial: " + e.getMessage(), e);
        }
    }

    private boolean departed(BackendCatalog.Entry backend) {
        return !backends.contains(backend);
    }

    private static void warmUp(ServingVersion version, GoldenSamples golden) {
        try {
            WarmUp.run(version.model, golden);
        } catch (RuntimeException e) {
            // Some models reject made-up inputs (e.g. index ranges); they still serve real requests.
            LOG.log(System.Logger.Level.INFO, "warm-up of " + version.descriptor.name() + " " + version.version()
                    + " on " + WarmUp.describe(golden) + " did not run (" + e.getMessage()
                    + "); its first request pays for initialisation");
        }
    }
}
