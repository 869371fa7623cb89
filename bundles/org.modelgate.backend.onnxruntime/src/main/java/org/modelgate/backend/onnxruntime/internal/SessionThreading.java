package org.modelgate.backend.onnxruntime.internal;

import org.modelgate.accel.onnxruntime.session.SessionSettings;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;

/**
 * Whether the backend's sessions run on ONNX Runtime's global thread pools or on pools of their own,
 * as configured and as the process allows: global pools are used only when the environment has them.
 */
final class SessionThreading {
    /** Model options that size or tune a session's own pools, and so mean nothing on global pools. */
    static final Set<String> PER_SESSION_OPTIONS = Set.of(SessionSettings.INTRA_OP_THREADS,
            SessionSettings.INTER_OP_THREADS, SessionSettings.ALLOW_SPINNING);

    private static final System.Logger LOG = System.getLogger(SessionThreading.class.getName());
    /** The pool sizes last reported as not in effect, so that bundle restarts do not repeat it. */
    private static final AtomicReference<GlobalPools> SIZES_REPORTED = new AtomicReference<>();

    private final boolean global;
    private final String description;
    private final Set<String> toldAbout = ConcurrentHashMap.newKeySet();

    private SessionThreading(boolean global, String description) {
        this.global = global;
        this.description = description;
    }

    /**
     * Chooses the threading for sessions created from now on.
     *
     * @param wanted what the configuration asks for
     * @param configured the pool sizes the configuration asks for
     * @param runtime the environment as it is
     * @return the threading sessions get
     */
    static SessionThreading choose(Threading wanted, GlobalPools configured, RuntimeEnvironment runtime) {
        if (wanted == Threading.PER_SESSION) {
            return new SessionThreading(false, "thread pools of their own (threading=PER_SESSION)");
        }
        if (!runtime.hasGlobalPools()) {
            String explanation = RuntimeEnvironment.explainMissingPoolsOnce();
            if (explanation != null) {
                LOG.log(System.Logger.Level.WARNING, explanation);
            }
            return new SessionThreading(false, "thread pools of their own (threading=GLOBAL, but the environment has no "
                    + "global pools)");
        }
        String pools = runtime.pools().map(GlobalPools::toString).orElse("sizes set when the environment was created");
        runtime.pools().filter(created -> !created.equals(configured) && !configured.equals(SIZES_REPORTED.getAndSet(configured)))
                .ifPresent(created -> LOG.log(System.Logger.Level.WARNING, "ONNX Runtime's global thread pools were "
                        + "created with " + created + "; the configuration now asks for " + configured
                        + ", which takes effect when the process restarts"));
        return new SessionThreading(true, "ONNX Runtime's global thread pools (" + pools + ")");
    }

    /**
     * Whether sessions run on the global pools.
     *
     * @return true for global pools, false for pools of their own
     */
    boolean global() {
        return global;
    }

    /**
     * Sets a session's options for this threading.
     *
     * @param options the session options
     * @throws OrtException when ONNX Runtime refuses
     */
    void apply(SessionOptions options) throws OrtException {
        if (global) {
            options.disablePerSessionThreads();
        }
    }

    /**
     * Says, once per model, which of its options the global pools ignore.
     *
     * @param options the model's options
     * @param model the model's name
     * @return the ignored option names (empty when none or when sessions have pools of their own)
     */
    Set<String> ignoredOptions(Map<String, String> options, String model) {
        Set<String> ignored = new TreeSet<>(options.keySet());
        ignored.retainAll(PER_SESSION_OPTIONS);
        if (!global || ignored.isEmpty()) {
            return Set.of();
        }
        if (toldAbout.add(model)) {
            LOG.log(System.Logger.Level.INFO, () -> "model '" + model + "': onnxruntime option(s) " + ignored
                    + " ignored: its sessions run on ONNX Runtime's global thread pools (threading=GLOBAL), which the "
                    + "backend's configuration sizes; they apply under threading=PER_SESSION");
        }
        return ignored;
    }

    @Override
    public String toString() {
        return description;
    }
}
