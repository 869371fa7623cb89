package org.modelgate.core.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.modelgate.api.ExecutionPlan;
import org.modelgate.spi.AcceleratorDriver;
import org.modelgate.spi.DeviceProbe;
import org.modelgate.spi.ExecutionSettings;
import org.modelgate.spi.LoadedModel;
import org.modelgate.spi.ModelArtifact;
import org.modelgate.spi.ModelRequirements;

/**
 * Turns a model's hints, the accelerator drivers present and a measured plan.json into the ways to run the model,
 * best first, and loads it under the best one that works.
 *
 * <p>Order: a {@code plan.json} whose driver is available and offers settings goes first; then, when the model's
 * {@code "accelerators"} hint names drivers, those in the hint's order (drivers it leaves out are not used); else
 * every driver offering settings, highest rank first (then service ranking, then the oldest service). The last
 * way is always the backend's own defaults, without a driver. A driver that is unavailable, throws or does not
 * answer is passed over with a note. The settings reach the backend in the artifact's options, under the model's
 * own options from model.json, which win.
 */
final class ExecutionPlanner implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ExecutionPlanner.class.getName());

    private final DriverCatalog drivers = new DriverCatalog();
    private final DriverCalls calls;

    ExecutionPlanner() {
        this(new DriverCalls());
    }

    ExecutionPlanner(DriverCalls calls) {
        this.calls = calls;
    }

    DriverCatalog drivers() {
        return drivers;
    }

    /** A driver arrived: asks its name, starts its probe. */
    DriverCatalog.Entry add(AcceleratorDriver driver, Map<String, Object> properties) {
        String name;
        java.util.concurrent.CompletableFuture<DeviceProbe> probe;
        try {
            name = calls.call("of service " + properties.get("service.id"), "name", driver::name);
            if (name == null || name.isBlank()) {
                throw new DriverCalls.DriverFailure("driver " + driver.getClass().getName() + " has no name()");
            }
            probe = calls.probe(name, driver);
        } catch (DriverCalls.DriverFailure e) {
            name = driver.getClass().getName() + "#" + properties.get("service.id");
            probe = java.util.concurrent.CompletableFuture.completedFuture(DeviceProbe.unavailable(e.getMessage()));
        }
        return drivers.add(driver, name, properties, probe);
    }

    List<DriverCatalog.Entry> remove(AcceleratorDriver driver, Map<String, Object> properties) {
        return drivers.remove(driver, properties);
    }

    /** A way to run the model that a driver offered. */
    private record Offer(DriverCatalog.Entry driver, ExecutionSettings settings) {
    }

    /**
     * The ways to run a model on a backend, best first; the last is always the backend's defaults.
     *
     * @param modelDir the model's folder, which may hold plan.json
     */
    List<ExecutionPlan> candidates(ModelDescriptor model, String backend, Path modelDir) {
        ModelRequirements requirements = new ModelRequirements(model.name(), model.version().toString(), model.format(),
                model.hints());
        List<String> hinted = requirements.accelerators();
        List<String> notes = new ArrayList<>();
        List<Offer> offers = new ArrayList<>();
        List<DriverCatalog.Entry> present = drivers.all();
        for (DriverCatalog.Entry driver : present) {
            DeviceProbe probe = driver.awaitProbe();
            if (!probe.available()) {
                if (hinted.contains(driver.name())) {
                    notes.add(driver.name() + " is unavailable: " + probe.reason());
                }
                continue;
            }
            try {
                Optional<ExecutionSettings> settings = calls.call(driver.name(), "settingsFor",
                        () -> driver.driver().settingsFor(requirements, backend));
                if (settings == null) {
                    notes.add("driver '" + driver.name() + "' is faulty: settingsFor() returned null");
                } else if (settings.isPresent()) {
                    offers.add(new Offer(driver, settings.get()));
                } else if (hinted.contains(driver.name())) {
                    notes.add(driver.name() + " offers no settings for this model on backend " + backend);
                }
            } catch (DriverCalls.DriverFailure e) {
                notes.add(e.getMessage());
                LOG.log(System.Logger.Level.WARNING, "model " + model.name() + ": " + e.getMessage());
            }
        }
        for (String name : hinted) {
            if (present.stream().noneMatch(d -> d.name().equals(name))) {
                notes.add(name + " (in the model's accelerators hint) is not installed");
            }
        }
        String reason = order(offers, hinted, notes);
        PlanFile plan = plan(modelDir, model, backend, notes);
        if (plan != null) {
            Optional<Offer> measured = offers.stream().filter(o -> o.driver().name().equals(plan.driver())).findFirst();
            if (measured.isPresent()) {
                offers.remove(measured.get());
                Map<String, String> settings = new LinkedHashMap<>(measured.get().settings().settings());
                settings.putAll(plan.settings());
                offers.add(0, new Offer(measured.get().driver(), ExecutionSettings.of(measured.get().settings().rank(), settings)));
                reason = PlanFile.FILE_NAME + (plan.measured() == null ? "" : " (" + plan.measured() + ")");
            } else {
                notes.add(PlanFile.FILE_NAME + " names driver '" + plan.driver() + "', which is not available for this model "
                        + "now" + (hinted.isEmpty() ? "" : " (or its accelerators hint " + hinted + " leaves it out)")
                        + "; planned without it");
            }
        }
        List<ExecutionPlan> plans = new ArrayList<>();
        for (Offer offer : offers) {
            plans.add(new ExecutionPlan(offer.driver().name(), offer.settings().rank(),
                    plans.isEmpty() ? reason : "fallback: the drivers before it could not load the model",
                    offer.settings().settings(), notes));
        }
        plans.add(new ExecutionPlan(null, 0, offers.isEmpty() ? "no accelerator driver offers settings for backend '"
                + backend + "': the backend's defaults" : "fallback: the backend's defaults", Map.of(), notes));
        return plans;
    }

    /** Sorts the offers as the hint or the ranks say; drops those the hint leaves out. Answers why the first is first. */
    private static String order(List<Offer> offers, List<String> hinted, List<String> notes) {
        Comparator<Offer> byRank = Comparator.comparingInt((Offer o) -> o.settings().rank()).reversed()
                .thenComparing(Offer::driver, DriverCatalog.PREFERENCE);
        if (hinted.isEmpty()) {
            offers.sort(byRank);
            return offers.size() == 1 ? "the only driver offering settings" : "highest rank of " + offers.stream()
                    .map(o -> o.driver().name() + " " + o.settings().rank()).toList();
        }
        for (Offer left : offers.stream().filter(o -> !hinted.contains(o.driver().name())).toList()) {
            notes.add(left.driver().name() + " is left out by the model's accelerators hint " + hinted);
            offers.remove(left);
        }
        offers.sort(Comparator.comparingInt((Offer o) -> hinted.indexOf(o.driver().name())).thenComparing(byRank));
        return "first available of the model's accelerators hint " + hinted;
    }

    private static PlanFile plan(Path modelDir, ModelDescriptor model, String backend, List<String> notes) {
        if (modelDir == null) {
            return null;
        }
        try {
            PlanFile plan = PlanFile.read(modelDir).orElse(null);
            if (plan != null && plan.version() != null && !plan.version().equals(model.version().toString())) {
                notes.add(PlanFile.FILE_NAME + " was measured for version " + plan.version() + "; ignored for " + model.version());
                return null;
            }
            if (plan != null && plan.backend() != null && !plan.backend().equals(backend)) {
                notes.add(PlanFile.FILE_NAME + " was measured on backend " + plan.backend() + "; ignored on " + backend);
                return null;
            }
            return plan;
        } catch (PlanFile.InvalidPlanException | java.io.UncheckedIOException e) {
            notes.add(e.getMessage() + "; ignored");
            return null;
        }
    }

    /** A model loaded under a plan. */
    record Loaded(LoadedModel model, ExecutionPlan plan) {
    }

    /**
     * Loads a model on a backend under the best plan that works: when the backend refuses a driver's settings
     * (the provider cannot be added, say), the next plan is tried, down to the backend's defaults.
     *
     * @param artifact makes the artifact to load from the backend options of a plan
     * @param departed whether the backend has left meanwhile (then the next plans are not tried)
     * @throws RuntimeException what the backend threw for the last plan tried
     */
    Loaded load(BackendCatalog.Entry backend, ModelDescriptor model, Path modelDir,
            Function<Map<String, String>, ModelArtifact> artifact, BooleanSupplier departed) {
        return load(backend, model, modelDir, artifact, departed, (entry, a) -> entry.backend().load(a));
    }

    /** As {@link #load(BackendCatalog.Entry, ModelDescriptor, Path, Function, BooleanSupplier)}, loading with {@code loader}. */
    Loaded load(BackendCatalog.Entry backend, ModelDescriptor model, Path modelDir,
            Function<Map<String, String>, ModelArtifact> artifact, BooleanSupplier departed,
            java.util.function.BiFunction<BackendCatalog.Entry, ModelArtifact, LoadedModel> loader) {
        List<ExecutionPlan> plans = candidates(model, backend.name(), modelDir);
        List<String> failures = new ArrayList<>();
        for (int i = 0;; i++) {
            ExecutionPlan plan = plans.get(i);
            try {
                LoadedModel loaded = loader.apply(backend, artifact.apply(options(plan, model.options())));
                return new Loaded(loaded, failures.isEmpty() ? plan : withNotes(plan, failures));
            } catch (RuntimeException | LinkageError e) {
                if (i == plans.size() - 1 || departed.getAsBoolean()) {
                    throw e;
                }
                String failure = "loading under " + label(plan) + " failed (" + e.getMessage() + "); tried "
                        + label(plans.get(i + 1)) + " next";
                failures.add(failure);
                LOG.log(System.Logger.Level.WARNING, "model " + model.name() + " " + model.version() + ": " + failure);
            }
        }
    }

    /** The backend options for a plan: the driver's settings, then the model's own options over them. */
    static Map<String, String> options(ExecutionPlan plan, Map<String, String> modelOptions) {
        Map<String, String> options = new LinkedHashMap<>(plan.settings());
        options.putAll(modelOptions);
        return options;
    }

    private static ExecutionPlan withNotes(ExecutionPlan plan, List<String> more) {
        List<String> notes = new ArrayList<>(plan.notes());
        notes.addAll(more);
        return new ExecutionPlan(plan.accelerator(), plan.rank(), plan.reason(), plan.settings(), notes);
    }

    private static String label(ExecutionPlan plan) {
        return plan.accelerator() == null ? "the backend's defaults" : "driver " + plan.accelerator();
    }

    @Override
    public void close() {
        calls.close();
    }
}
