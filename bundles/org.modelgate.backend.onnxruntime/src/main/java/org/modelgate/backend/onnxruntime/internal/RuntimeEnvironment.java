package org.modelgate.backend.onnxruntime.internal;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtEnvironment.ThreadingOptions;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;

/**
 * ONNX Runtime's process-wide environment as the backend found or made it, and whether it has global
 * thread pools.
 *
 * <p>ORT Java keeps one {@link OrtEnvironment} per process, and global thread pools can only be given
 * when it is created: {@code OrtEnvironment.getEnvironment(level, name, threadingOptions)} throws once it
 * exists, and the environment is never closed. So the first user of the ai.onnxruntime bundle decides.
 * When that is this backend asking for {@link Threading#GLOBAL}, the pools get the configured sizes.
 * When the environment already exists (an earlier start of this backend, another bundle on the same
 * ai.onnxruntime such as the DJL backend), whether it has global pools is found out by creating a session
 * on a tiny model with per-session threads disabled, which ONNX Runtime refuses without them.
 */
final class RuntimeEnvironment {
    private static final System.Logger LOG = System.getLogger(RuntimeEnvironment.class.getName());
    /** Part of ONNX Runtime's message when a session wants global pools the environment does not have. */
    private static final String NO_GLOBAL_POOLS = "CreateEnvWithGlobalThreadPools";

    /** The pools this copy of the backend created the environment with: kept over a bundle stop/start, not a refresh. */
    private static volatile GlobalPools createdHere;
    /** Whether this copy of the backend asked for the environment without pools (threading=PER_SESSION). */
    private static volatile boolean askedWithoutPools;
    /** Whether the missing pools have been reported: once per copy of the backend, not at every activation. */
    private static final AtomicBoolean REPORTED = new AtomicBoolean();

    private final OrtEnvironment env;
    private final GlobalPools pools;
    private volatile Boolean hasGlobalPools;

    private RuntimeEnvironment(OrtEnvironment env, GlobalPools pools, Boolean hasGlobalPools) {
        this.env = env;
        this.pools = pools;
        this.hasGlobalPools = hasGlobalPools;
    }

    /**
     * Gets the environment, creating it with global thread pools when they are wanted and it does not exist yet.
     *
     * @param threading what the backend is configured for
     * @param wanted the pool sizes to create it with
     * @return the environment
     * @throws IllegalStateException when ONNX Runtime cannot create the environment
     */
    static RuntimeEnvironment obtain(Threading threading, GlobalPools wanted) {
        if (threading == Threading.GLOBAL) {
            try (ThreadingOptions options = wanted.toThreadingOptions()) {
                OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
                        OrtEnvironment.DEFAULT_NAME, options);
                createdHere = wanted;
                LOG.log(System.Logger.Level.INFO, () -> "created ONNX Runtime's environment with global thread pools: " + wanted);
                return new RuntimeEnvironment(env, wanted, Boolean.TRUE);
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime refuses the global thread pool settings " + wanted + ": "
                        + e.getMessage(), e);
            } catch (IllegalStateException e) {
                if (e.getCause() != null) {
                    throw e; // creation failed; without a cause it means "already exists", handled below
                }
            }
        }
        GlobalPools known = createdHere;
        if (threading == Threading.PER_SESSION && known == null) {
            askedWithoutPools = true;
        }
        return new RuntimeEnvironment(OrtEnvironment.getEnvironment(), known, known == null ? null : Boolean.TRUE);
    }

    /**
     * Why global pools are missing, for the log: the first time in this copy of the backend, later null.
     *
     * @return the explanation, or null when it was given already
     */
    static String explainMissingPoolsOnce() {
        if (!REPORTED.compareAndSet(false, true)) {
            return null;
        }
        String who = askedWithoutPools
                ? "by this backend, which started with threading=PER_SESSION first"
                : "by another user of ai.onnxruntime, such as a DJL backend, or by an earlier copy of this backend";
        return "threading=GLOBAL, but ONNX Runtime's environment was created earlier in this process without global "
                + "thread pools (" + who + "), and ONNX Runtime fixes them at creation: each session gets thread pools "
                + "of its own instead. Global pools take effect after a restart of the process, when this backend is "
                + "the first user of ONNX Runtime (start it before any other) and configured threading=GLOBAL.";
    }

    OrtEnvironment env() {
        return env;
    }

    /**
     * Whether sessions can run on global thread pools here; asks ONNX Runtime once when not known.
     *
     * @return true when the environment was created with global thread pools
     */
    boolean hasGlobalPools() {
        Boolean known = hasGlobalPools;
        if (known == null) {
            known = probe();
            hasGlobalPools = known;
        }
        return known;
    }

    /**
     * The sizes of the global pools, when this backend created them.
     *
     * @return the sizes, empty when unknown (someone else created the environment) or there are none
     */
    Optional<GlobalPools> pools() {
        return hasGlobalPools() ? Optional.ofNullable(pools) : Optional.empty();
    }

    /**
     * Asks ONNX Runtime whether the environment has global thread pools.
     *
     * @return true when a session without threads of its own can be created
     */
    boolean probe() {
        try (SessionOptions options = new SessionOptions()) {
            options.disablePerSessionThreads();
            try (OrtSession session = env.createSession(ProbeGraph.identity(), options)) {
                return true;
            }
        } catch (OrtException e) {
            if (e.getMessage() == null || !e.getMessage().contains(NO_GLOBAL_POOLS)) {
                LOG.log(System.Logger.Level.WARNING, "could not find out whether ONNX Runtime's environment has global "
                        + "thread pools; assuming it has none", e);
            }
            return false;
        }
    }
}
