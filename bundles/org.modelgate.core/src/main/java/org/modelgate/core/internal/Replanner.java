package org.modelgate.core.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.modelgate.api.AcceleratorInfo;
import org.modelgate.api.ExecutionPlan;
import org.modelgate.spi.AcceleratorDriver;
import org.modelgate.spi.DeviceProbe;

/**
 * Keeps every serving model under its best execution plan while accelerator drivers come and go: a driver that
 * arrives is probed, then each model whose best plan changed is loaded again under the new plan and swapped in
 * (the old session keeps serving until then, and drains after); a driver that leaves sends its models to the next
 * best plan the same way. Nothing here runs on a request thread.
 */
final class Replanner {
    private static final System.Logger LOG = System.getLogger(Replanner.class.getName());

    private final Map<String, ModelSlot> slots;
    private final ModelSwitcher switcher;
    private final ExecutionPlanner planner;
    private final BackendCatalog backends;
    private final Supplier<ModelRepository> repository;
    private final Supplier<Executor> background;

    Replanner(Map<String, ModelSlot> slots, ModelSwitcher switcher, ExecutionPlanner planner, BackendCatalog backends,
            Supplier<ModelRepository> repository, Supplier<Executor> background) {
        this.slots = slots;
        this.switcher = switcher;
        this.planner = planner;
        this.backends = backends;
        this.repository = repository;
        this.background = background;
    }

    /** A driver arrived: probe it, then re-plan once the probe is in. */
    void driverAdded(AcceleratorDriver driver, Map<String, Object> properties) {
        DriverCatalog.Entry entry = planner.add(driver, properties);
        LOG.log(System.Logger.Level.INFO, "accelerator driver " + entry.name() + " arrived (" + entry.bundle() + "); probing");
        entry.probe().thenAccept(probe -> {
            LOG.log(System.Logger.Level.INFO, "accelerator driver " + entry.name() + (probe.available()
                    ? " is available: " + probe.device() + " " + probe.providers() : " is unavailable: " + probe.reason()));
            replanLater();
        });
    }

    void driverRemoved(AcceleratorDriver driver, Map<String, Object> properties) {
        List<DriverCatalog.Entry> removed = planner.remove(driver, properties);
        if (!removed.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "accelerator driver " + removed.stream().map(DriverCatalog.Entry::name).toList()
                    + " went away");
            replanLater();
        }
    }

    private void replanLater() {
        Executor executor = background.get();
        if (executor != null) {
            try {
                executor.execute(this::replanAll);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the registry is stopping
            }
        }
    }

    /** Moves each serving model whose best plan is no longer the one it runs under. */
    void replanAll() {
        ModelRepository repo = repository.get();
        for (ModelSlot slot : slots.values()) {
            ServingVersion serving = slot.serving;
            if (serving == null || repo == null) {
                continue;
            }
            ExecutionPlan best = planner.candidates(serving.descriptor, serving.backendName, repo.modelDirectory(slot.name)).get(0);
            if (best.sameExecution(serving.plan)) {
                continue;
            }
            slot.admin.lock();
            try {
                if (slot.serving == serving && backends.contains(serving.backend)) {
                    LOG.log(System.Logger.Level.INFO, "model " + slot.name + " " + serving.version() + ": re-planning from "
                            + name(serving.plan) + " to " + name(best));
                    switcher.switchTo(slot, repo, serving.descriptor.version(), () -> { });
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, "model " + slot.name + " stays under " + name(serving.plan)
                        + ": loading it under " + name(best) + " failed: " + e.getMessage());
            } finally {
                slot.admin.unlock();
            }
        }
    }

    private static String name(ExecutionPlan plan) {
        return plan == null || plan.accelerator() == null ? "the backend's defaults" : "accelerator " + plan.accelerator();
    }

    /** The drivers present, what their probes found, and which models run under each. */
    List<AcceleratorInfo> accelerators() {
        return planner.drivers().all().stream().map(this::describe).toList();
    }

    private AcceleratorInfo describe(DriverCatalog.Entry driver) {
        DeviceProbe probe = driver.probeNow();
        List<String> models = slots.values().stream().filter(slot -> {
            ServingVersion serving = slot.serving;
            return serving != null && serving.plan != null && driver.name().equals(serving.plan.accelerator());
        }).map(slot -> slot.name).sorted().toList();
        if (probe == null) {
            return new AcceleratorInfo(driver.name(), false, null, List.of(), "probing the device", driver.bundle(), models);
        }
        return new AcceleratorInfo(driver.name(), probe.available(), probe.device(), probe.providers(), probe.reason(),
                driver.bundle(), models);
    }
}
