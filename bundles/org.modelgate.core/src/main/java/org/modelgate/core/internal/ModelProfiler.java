package org.modelgate.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.modelgate.api.ExecutionPlan;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ProfileListener;
import org.modelgate.api.ProfileMeasurement;
import org.modelgate.api.ProfileRefusedException;
import org.modelgate.api.ProfileReport;
import org.modelgate.api.ProfileRequest;
import org.modelgate.core.internal.ModelDescriptor.InvalidDescriptorException;
import org.modelgate.spi.InputShape;
import org.modelgate.spi.RecentInputs;

/**
 * On-device profiling: measures a model's active version under every backend for its format (the one model.json
 * names, when present), every execution plan the planner offers there (the drivers, then the backend's defaults)
 * and each thread count; stores the winner in {@code plan.json} and re-plans the model to it.
 *
 * <p>Each candidate is a session of its own beside the serving one, so requests keep being served (they share the
 * device's cores with the candidates, which makes both slower meanwhile). The slot's admin lock is taken only for
 * the final swap. One profile runs at a time in the registry: two would time each other.
 *
 * <p>The winner is the candidate under a driver with the lowest median latency, then the highest throughput;
 * the backend's defaults are measured for comparison but cannot win, since a plan names its driver.
 */
final class ModelProfiler {
    private static final System.Logger LOG = System.getLogger(ModelProfiler.class.getName());
    static final Comparator<ProfileMeasurement> FASTEST = Comparator.comparingDouble(ProfileMeasurement::p50Millis)
            .thenComparing(Comparator.comparingDouble(ProfileMeasurement::throughput).reversed());

    private final Map<String, ModelSlot> slots;
    private final ModelSwitcher switcher;
    private final ExecutionPlanner planner;
    private final BackendCatalog backends;
    private final VerifiedContent content;
    private final Supplier<ModelRepository> repository;
    private final EnergyMeters energy;
    private final AtomicReference<String> running = new AtomicReference<>();
    private final Map<String, ProfileReport> last = new ConcurrentHashMap<>();
    /** Shapes and ranges of live requests per model and version, or null without a recorder. */
    private volatile RecentInputs recent;

    ModelProfiler(Map<String, ModelSlot> slots, ModelSwitcher switcher, ExecutionPlanner planner, BackendCatalog backends,
            VerifiedContent content, Supplier<ModelRepository> repository, EnergyMeters energy) {
        this.slots = slots;
        this.switcher = switcher;
        this.planner = planner;
        this.backends = backends;
        this.content = content;
        this.repository = repository;
        this.energy = energy;
    }

    /** Where the shapes of live requests come from (the monitor layer's recorder). */
    void observeWith(RecentInputs source) {
        recent = source;
    }

    void forget(RecentInputs source) {
        if (recent == source) {
            recent = null;
        }
    }

    private Map<String, ProfileInputs.Shape> observed(String name, String version) {
        RecentInputs source = recent;
        if (source == null) {
            return Map.of();
        }
        Map<String, ProfileInputs.Shape> shapes = new LinkedHashMap<>();
        for (InputShape input : source.of(name, version)) {
            double min = Double.isNaN(input.min()) ? 0 : input.min();
            double max = Double.isNaN(input.max()) ? min : input.max();
            shapes.put(input.name(), new ProfileInputs.Shape(input.name(), input.shape(), min, max));
        }
        return shapes;
    }

    Optional<ProfileReport> last(String model) {
        return Optional.ofNullable(last.get(model));
    }

    /**
     * Profiles a model that is in the repository (the caller checked).
     *
     * @throws ProfileRefusedException while another profile runs
     * @throws ModelLoadException when the version cannot be read or verified, or no backend runs its format
     */
    ProfileReport profile(String name, ProfileRequest request, ProfileListener listener) {
        String other = running.compareAndExchange(null, name);
        if (other != null) {
            throw new ProfileRefusedException("model '" + other + "' is being profiled; one profile runs at a time, "
                    + "try again when it has finished");
        }
        try {
            ProfileReport report = run(name, request, listener);
            last.put(name, report);
            return report;
        } finally {
            running.set(null);
        }
    }

    private ProfileReport run(String name, ProfileRequest request, ProfileListener listener) {
        Instant started = Instant.now();
        ModelRepository repo = repository.get();
        ModelDescriptor model = descriptor(repo, name);
        List<ProfileCandidate> candidates = candidates(model, request);
        int total = candidates.size() * CandidateBench.STEPS + 1;
        int[] done = {0};
        ProfileInputs inputs = ProfileInputs.choose(model, observed(name, model.version().toString()),
                repo.modelDirectory(name).resolve(model.version().toString()));
        ByteBuffer decrypted = content.of(repo, model); // verified; the plaintext when encrypted at rest
        List<ProfileMeasurement> measurements = new java.util.ArrayList<>();
        try {
            CandidateBench bench = new CandidateBench(model, decrypted, request.runs(), energy, inputs);
            for (ProfileCandidate candidate : candidates) {
                int end = done[0] + CandidateBench.STEPS;
                ProfileMeasurement measured = bench.measure(candidate, step -> listener.progress(++done[0], total,
                        candidate.label() + ": " + step));
                measurements.add(measured);
                done[0] = end;
                listener.progress(done[0], total, candidate.label() + ": " + (measured.ok()
                        ? String.format(Locale.ROOT, "p50 %.2f ms", measured.p50Millis()) : measured.failure()));
            }
        } finally {
            if (decrypted != null) {
                EncryptedModelFile.discard(decrypted);
            }
        }
        ProfileMeasurement winner = measurements.stream().filter(m -> m.ok() && m.driver() != null).min(FASTEST).orElse(null);
        ProfileReport report = conclude(name, model, request, started, measurements, winner, inputs);
        listener.progress(total, total, report.outcome());
        return report;
    }

    private static ModelDescriptor descriptor(ModelRepository repo, String name) {
        SemanticVersion version = repo.activeVersion(name).orElseThrow(() -> new ModelLoadException("model '" + name
                + "' has no version folder to profile"));
        try {
            return repo.descriptor(name, version);
        } catch (InvalidDescriptorException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
    }

    /** Backends for the format (only model.json's, when it names one present) x their plans x thread counts. */
    private List<ProfileCandidate> candidates(ModelDescriptor model, ProfileRequest request) {
        List<BackendCatalog.Entry> eligible = backends.all().stream().filter(b -> b.backend().formats().contains(model.format()))
                .toList();
        if (model.backend() != null && eligible.stream().anyMatch(b -> b.name().equals(model.backend()))) {
            eligible = eligible.stream().filter(b -> b.name().equals(model.backend())).toList();
        }
        if (eligible.isEmpty()) {
            throw new ModelLoadException("no backend runs format '" + model.format() + "' of model '" + model.name()
                    + "' (backends present: " + backends.names() + "); nothing to profile");
        }
        Map<BackendCatalog.Entry, List<ExecutionPlan>> plans = new LinkedHashMap<>();
        for (BackendCatalog.Entry backend : eligible) {
            plans.put(backend, planner.candidates(model, backend.name(), null)); // null: what plan.json says is not asked
        }
        List<Integer> threads = request.threads().isEmpty()
                ? ProfileCandidate.defaultThreads(Runtime.getRuntime().availableProcessors()) : request.threads();
        return ProfileCandidate.of(plans, threads, model.options());
    }

    /** Stores the winner, re-plans the model to it, and says what happened. */
    private ProfileReport conclude(String name, ModelDescriptor model, ProfileRequest request, Instant started,
            List<ProfileMeasurement> measurements, ProfileMeasurement winner, ProfileInputs inputs) {
        ModelRepository repo = repository.get();
        String on = "; inputs: " + inputs.describe();
        if (winner == null) {
            String outcome = (measurements.stream().anyMatch(ProfileMeasurement::ok)
                    ? "no candidate under an accelerator driver ran (only the backend's defaults); plan.json left as it was"
                    : "no candidate ran; plan.json left as it was") + on;
            return new ProfileReport(name, model.version().toString(), request.runs(), started, measurements, null, null, outcome);
        }
        Path modelDir = repo.modelDirectory(name);
        PlanFile plan = new PlanFile(winner.driver(), winner.backend(), model.version().toString(),
                winner.threads() == ProfileCandidate.SHARED_POOL ? Map.of()
                        : Map.of(ProfileCandidate.THREADS, Integer.toString(winner.threads())),
                measured(winner, measurements, started));
        try {
            plan.write(repo.files(), modelDir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + modelDir.resolve(PlanFile.FILE_NAME) + ": " + e.getMessage(), e);
        }
        String planPath = modelDir.resolve(PlanFile.FILE_NAME).toString();
        return new ProfileReport(name, model.version().toString(), request.runs(), started, measurements, winner, planPath,
                "winner " + winner.label() + ", stored in " + planPath + "; " + replan(name, repo, winner) + on);
    }

    private static String measured(ProfileMeasurement winner, List<ProfileMeasurement> all, Instant started) {
        String next = all.stream().filter(m -> m.ok() && m != winner).min(FASTEST)
                .map(m -> String.format(Locale.ROOT, ", next %s %.2f ms", m.label(), m.p50Millis())).orElse("");
        String energy = winner.energy() == null || !winner.energy().readable() ? ""
                : String.format(Locale.ROOT, ", %.4g J/inference, %.3g W", winner.energy().joulesPerInference(),
                        winner.energy().watts());
        return String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms, %.0f req/s%s%s; mg:profile %s", winner.p50Millis(),
                winner.p99Millis(), winner.throughput(), energy, next, started.toString().substring(0, 10));
    }

    /** Puts the serving model under its new best plan through the usual load-warm-swap-drain; says how it went. */
    private String replan(String name, ModelRepository repo, ProfileMeasurement winner) {
        ModelSlot slot = slots.get(name);
        if (slot == null || slot.serving == null) {
            return "the model is not loaded: it uses the plan at its next load";
        }
        slot.admin.lock();
        try {
            ServingVersion serving = slot.serving;
            if (serving == null) {
                return "the model is not loaded: it uses the plan at its next load";
            }
            // Same driver and settings loaded for another reason (its rank, say): swapped all the same, so that the
            // model's plan says it runs by plan.json, as it will after a restart. One load more after N candidates.
            if (serving.backendName.equals(winner.backend()) && serving.plan != null
                    && serving.plan.reason().startsWith(PlanFile.FILE_NAME) && planner.candidates(serving.descriptor,
                            serving.backendName, repo.modelDirectory(name)).get(0).sameExecution(serving.plan)) {
                return "the model already runs under it";
            }
            switcher.switchTo(slot, repo, serving.descriptor.version(), () -> { });
            ServingVersion now = slot.serving;
            return "now serving on " + now.backendName + " under " + (now.plan == null || now.plan.accelerator() == null
                    ? "the backend's defaults" : "driver " + now.plan.accelerator() + " " + now.plan.settings());
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "model " + name + " keeps its current plan: loading it under its profiled "
                    + "plan failed: " + e.getMessage());
            return "re-planning failed (" + e.getMessage() + "); the model keeps serving under its current plan";
        } finally {
            slot.admin.unlock();
        }
    }
}
