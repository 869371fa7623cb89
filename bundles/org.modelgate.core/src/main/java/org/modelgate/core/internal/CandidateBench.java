package org.modelgate.core.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.modelgate.api.ProfileEnergy;
import org.modelgate.api.ProfileMeasurement;
import org.modelgate.api.Tensor;
import org.modelgate.spi.LoadedModel;
import org.modelgate.spi.ModelArtifact;

/**
 * Measures one profiling candidate: loads the model as a session of its own (never the one serving), checks and
 * warms it on the model's samples, times a fixed number of runs one after the other, and closes it.
 *
 * <p>The samples come from {@link ProfileInputs}: the golden samples of model.json, which a candidate must reproduce
 * (a candidate that gives wrong answers fails, however fast); else tensors of the shapes live requests had or
 * model.json declares; else ones, for a model whose shapes are fixed. A model that cannot be given real shapes is
 * refused ({@link org.modelgate.api.ProfileRefusedException}, thrown rather than made a failed row).
 *
 * <p>The energy meters are read just before and after the timed runs: joules per inference and average watts of
 * the domains they measure (everything the device did meanwhile included), or why the device cannot tell.
 */
final class CandidateBench {
    /** Steps reported per candidate: loaded, warmed up, timed. */
    static final int STEPS = 3;
    private static final double MIB = 1024.0 * 1024.0;

    private final ModelDescriptor model;
    private final ByteBuffer decrypted;
    private final int runs;
    private final EnergyMeters energy;
    private final ProfileInputs inputs;

    /**
     * @param decrypted the decrypted model file of a version encrypted at rest, or null to load from the file
     * @param inputs what the candidates run on
     */
    CandidateBench(ModelDescriptor model, ByteBuffer decrypted, int runs, EnergyMeters energy, ProfileInputs inputs) {
        this.inputs = inputs;
        this.model = model;
        this.decrypted = decrypted;
        this.runs = runs;
        this.energy = energy;
    }

    /**
     * Measures a candidate; a failure to load, check or run is a failed measurement, never an exception.
     *
     * @param step hears each step done ("loaded in 12 ms", ...); after a failure, the steps left are skipped
     */
    ProfileMeasurement measure(ProfileCandidate candidate, Consumer<String> step) {
        String backend = candidate.backend().name();
        String what = "model '" + model.name() + "' " + model.version() + " under " + candidate.label();
        long rssBefore = ProcessMemory.residentBytes();
        long start = System.nanoTime();
        LoadedModel loaded;
        try {
            loaded = candidate.backend().backend().load(new ModelArtifact(model.name(), model.version().toString(),
                    model.format(), model.modelFile(), candidate.options(), decrypted == null ? null : decrypted.asReadOnlyBuffer()));
        } catch (RuntimeException | LinkageError e) {
            return ProfileMeasurement.failed(backend, candidate.driver(), candidate.threads(), millisSince(start),
                    "load failed: " + message(e));
        }
        double loadMillis = millisSince(start);
        long rssAfter = ProcessMemory.residentBytes();
        Double memory = rssBefore < 0 || rssAfter < 0 ? null : (rssAfter - rssBefore) / MIB;
        try {
            step.accept("loaded in " + Math.round(loadMillis) + " ms");
            model.schema().check(loaded, what);
            List<List<Tensor>> samples = inputs.samples(loaded, model, what);
            step.accept("warmed up");
            double[] millis = new double[runs];
            EnergyMeters.Span span = energy.start();
            long timed = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                loaded.run(samples.get(i % samples.size()), Set.of());
                millis[i] = millisSince(t);
            }
            double seconds = (System.nanoTime() - timed) / 1e9;
            ProfileEnergy joules = span.end(runs);
            Arrays.sort(millis);
            return new ProfileMeasurement(backend, candidate.driver(), candidate.threads(), loadMillis,
                    percentile(millis, 50), percentile(millis, 99), runs / Math.max(seconds, 1e-9), memory, null, joules);
        } catch (org.modelgate.api.ProfileRefusedException e) {
            throw e; // no candidate can be timed on real shapes: the whole profile is refused
        } catch (RuntimeException | LinkageError e) {
            return ProfileMeasurement.failed(backend, candidate.driver(), candidate.threads(), loadMillis,
                    "run failed: " + message(e));
        } finally {
            try {
                loaded.close();
            } catch (RuntimeException e) {
                System.getLogger(CandidateBench.class.getName()).log(System.Logger.Level.WARNING,
                        "closing " + what + " after profiling failed: " + e.getMessage());
            }
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
