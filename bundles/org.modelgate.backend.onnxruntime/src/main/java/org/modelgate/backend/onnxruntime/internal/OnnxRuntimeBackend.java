package org.modelgate.backend.onnxruntime.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.modelgate.accel.onnxruntime.session.OptimizationLevel;
import org.modelgate.accel.onnxruntime.session.SessionSettings;
import org.modelgate.api.ModelLoadException;
import org.modelgate.spi.InferenceBackend;
import org.modelgate.spi.LoadedModel;
import org.modelgate.spi.ModelArtifact;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtException.OrtErrorCode;
import ai.onnxruntime.OrtSession;

/**
 * The {@code onnxruntime} backend: runs {@code onnx} models, one ONNX Runtime session per model version.
 *
 * <p>Session defaults come from the configuration {@value #PID}; a model's own options override them
 * for that model. A configuration change applies to models loaded afterwards (the service stays
 * registered, so models already serving keep running). The process-wide {@link OrtEnvironment} is
 * never closed: the backend bundle can be stopped, updated and started again while the native
 * library stays loaded in the ORT API bundle.
 */
@Component(service = InferenceBackend.class, configurationPid = OnnxRuntimeBackend.PID,
        property = {OnnxRuntimeBackend.NAME_PROPERTY + "=" + OnnxRuntimeBackend.NAME,
                OnnxRuntimeBackend.FORMATS_PROPERTY + "=" + OnnxRuntimeBackend.FORMAT})
@Designate(ocd = OnnxRuntimeBackend.Config.class)
public final class OnnxRuntimeBackend implements InferenceBackend {
    /** The configuration PID. */
    public static final String PID = "org.modelgate.backend.onnxruntime";
    /** The backend's name, also its service property {@value #NAME_PROPERTY}. */
    public static final String NAME = "onnxruntime";
    /** The model format this backend runs. */
    public static final String FORMAT = "onnx";
    /** Service property naming the backend. */
    public static final String NAME_PROPERTY = "modelgate.backend.name";
    /** Service property listing the formats the backend runs. */
    public static final String FORMATS_PROPERTY = "modelgate.backend.formats";

    /** Session defaults for every model this backend loads; a model's options override them. */
    @ObjectClassDefinition(name = "Modelgate ONNX Runtime backend",
            description = "Session defaults for models run on ONNX Runtime. A model's options in model.json "
                    + "(same names) override them for that model. Changes apply to models loaded afterwards.")
    public @interface Config {
        /**
         * Threads one operator may use.
         *
         * @return the count; 0 lets ONNX Runtime choose (one per physical core)
         */
        @AttributeDefinition(name = "Intra-op threads", min = "0",
                description = "Threads one operator may use; 0 lets ONNX Runtime choose (one per physical core).")
        int intraOpThreads() default 0;

        /**
         * Threads running independent operators in parallel.
         *
         * @return the count; 0 lets ONNX Runtime choose
         */
        @AttributeDefinition(name = "Inter-op threads", min = "0",
                description = "Threads running independent operators in parallel (parallel execution only); "
                        + "0 lets ONNX Runtime choose.")
        int interOpThreads() default 0;

        /**
         * Graph optimizations applied when a model is loaded.
         *
         * @return the level
         */
        @AttributeDefinition(name = "Graph optimization level",
                description = "Graph rewrites applied when a model is loaded: NONE, BASIC, EXTENDED or ALL.")
        OptimizationLevel optimizationLevel() default OptimizationLevel.ALL;

        /**
         * Whether idle worker threads spin waiting for work.
         *
         * @return true for ONNX Runtime's default (spinning)
         */
        @AttributeDefinition(name = "Allow spinning",
                description = "Idle worker threads spin for a while (lower latency, busy CPU between requests). "
                        + "Turn off where other busy processes share the cores.")
        boolean allowSpinning() default true;

        /**
         * Where sessions get their worker threads.
         *
         * @return GLOBAL for ONNX Runtime's process-wide pools, PER_SESSION for pools of each session's own
         */
        @AttributeDefinition(name = "Threading",
                description = "GLOBAL: every model runs on ONNX Runtime's process-wide thread pools, sized by the three "
                        + "settings above when ONNX Runtime starts (once per process; a model's own thread options are "
                        + "ignored). PER_SESSION: each model gets pools of its own.")
        Threading threading() default Threading.GLOBAL;
    }

    private static final System.Logger LOG = System.getLogger(OnnxRuntimeBackend.class.getName());
    private static final Set<String> FORMATS = Set.of(FORMAT);

    private final OrtEnvironment env;
    private final RuntimeEnvironment runtime;
    private final Set<OnnxModel> openModels = ConcurrentHashMap.newKeySet();
    private volatile SessionSettings defaults;
    private volatile SessionThreading threading;

    /**
     * Starts the backend with its configuration.
     *
     * @param config the session defaults
     * @throws IllegalStateException when ONNX Runtime cannot run on this platform
     */
    @Activate
    public OnnxRuntimeBackend(Config config) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("the onnxruntime backend passes little-endian tensor bytes to ONNX Runtime "
                    + "as they are, so it needs a little-endian platform; this one is " + ByteOrder.nativeOrder());
        }
        this.defaults = sessionDefaults(config);
        this.runtime = environment(Threading.of(config), GlobalPools.of(config));
        this.env = runtime.env();
        this.threading = chooseThreading(config);
    }

    private static RuntimeEnvironment environment(Threading threading, GlobalPools pools) {
        try {
            return RuntimeEnvironment.obtain(threading, pools);
        } catch (LinkageError e) {
            throw new IllegalStateException("ONNX Runtime's native libraries could not be loaded for "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                    + ": install the fragment ai.onnxruntime.native.<os>.<arch> for this platform and refresh "
                    + "ai.onnxruntime (" + e + ")", e);
        }
    }

    /**
     * Takes new session defaults for models loaded from now on.
     *
     * @param config the session defaults
     */
    @Modified
    void modified(Config config) {
        defaults = sessionDefaults(config);
        threading = chooseThreading(config);
    }

    private SessionThreading chooseThreading(Config config) {
        SessionThreading chosen = SessionThreading.choose(Threading.of(config), GlobalPools.of(config), runtime);
        LOG.log(System.Logger.Level.INFO, () -> "onnxruntime sessions run on " + chosen);
        return chosen;
    }

    /** Closes the models still loaded (each once its runs in flight end); the environment stays. */
    @Deactivate
    void deactivate() {
        for (OnnxModel model : openModels) {
            model.close();
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return env.getVersion();
    }

    @Override
    public Set<String> formats() {
        return FORMATS;
    }

    /** ONNX Runtime creates sessions from a direct buffer, so models encrypted at rest load without a file. */
    @Override
    public boolean loadsFromMemory() {
        return true;
    }

    @Override
    public Map<String, String> effectiveOptions(Map<String, String> options) {
        if (!threading.global()) {
            return options;
        }
        Map<String, String> effective = new java.util.LinkedHashMap<>(options);
        effective.keySet().removeAll(SessionThreading.PER_SESSION_OPTIONS); // the shared pools' sizes count
        return effective;
    }

    @Override
    public LoadedModel load(ModelArtifact artifact) {
        String model = "'" + artifact.name() + "' " + artifact.version();
        if (!FORMAT.equals(artifact.format())) {
            throw new ModelLoadException("model " + model + " has format '" + artifact.format()
                    + "'; the onnxruntime backend runs '" + FORMAT + "' models only");
        }
        Path file = artifact.modelFile();
        ByteBuffer content = artifact.modelContent();
        String source = content == null ? file.toString() : file + " (decrypted in memory)";
        if (content == null && (!Files.isRegularFile(file) || !Files.isReadable(file))) {
            throw new ModelLoadException("model " + model + ": model file " + file + " does not exist or is not readable");
        }
        SessionSettings settings = defaults.withOptions(artifact.options(), model, "onnxruntime",
                ExecutionProviders.PREFIX);
        ExecutionProviders providers = ExecutionProviders.parse(artifact.options(), model);
        SessionThreading threads = threading;
        threads.ignoredOptions(artifact.options(), artifact.name());
        OrtSession session = createSession(content == null ? (env, options) -> env.createSession(file.toString(), options)
                // from the bytes: ONNX Runtime parses them into its own graph and keeps no reference to the buffer
                : (env, options) -> env.createSession(direct(content), options), settings, threads, providers, model, source);
        try {
            OnnxModel loaded = new OnnxModel(model, env, session, ModelSignature.read(session, model), openModels::remove);
            openModels.add(loaded);
            LOG.log(System.Logger.Level.INFO, () -> "loaded model " + model + " from " + source + " with " + settings
                    + " on " + threads + ", " + providers);
            return loaded;
        } catch (OrtException e) {
            closeQuietly(session);
            throw new ModelLoadException("model " + model + ": onnxruntime cannot describe the inputs and outputs of "
                    + source + ": " + e.getMessage(), e);
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: this bundle was stopped or refreshed under the load; still free the native session
            closeQuietly(session);
            throw e;
        }
    }

    /** How a session is made: from a file's path or from bytes in memory. */
    @FunctionalInterface
    private interface SessionSource {
        OrtSession create(OrtEnvironment env, OrtSession.SessionOptions options) throws OrtException;
    }

    private OrtSession createSession(SessionSource from, SessionSettings settings, SessionThreading threads,
            ExecutionProviders providers, String model, String source) {
        try (OrtSession.SessionOptions options = settings.toSessionOptions()) {
            threads.apply(options);
            if (!providers.equals(ExecutionProviders.DEFAULT)) {
                providers.applyTo(options, ExecutionProviders.loaded(), model);
            }
            return from.create(env, options);
        } catch (OrtException e) {
            throw new ModelLoadException("model " + model + ": onnxruntime cannot load " + source + hint(e.getCode())
                    + ": " + e.getMessage(), e);
        }
    }

    /** ONNX Runtime reads a model only from a direct buffer; a heap buffer is copied into one. */
    private static ByteBuffer direct(ByteBuffer content) {
        if (content.isDirect()) {
            return content;
        }
        return ByteBuffer.allocateDirect(content.remaining()).put(content.duplicate()).flip();
    }

    private static String hint(OrtErrorCode code) {
        switch (code) {
            case ORT_INVALID_PROTOBUF:
                return " (not a valid ONNX file: corrupt, truncated or another format?)";
            case ORT_INVALID_GRAPH:
                return " (the ONNX graph is invalid)";
            case ORT_NOT_IMPLEMENTED:
                return " (the model uses an operator or opset this ONNX Runtime version does not support)";
            default:
                return "";
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.log(System.Logger.Level.WARNING, "closing a half-loaded onnxruntime session failed", e);
        }
    }

    int openModelCount() {
        return openModels.size();
    }

    SessionThreading threading() {
        return threading;
    }

    /**
     * The session settings the configuration gives every model, before the model's own options.
     *
     * @throws IllegalArgumentException when a configured thread count is negative
     */
    static SessionSettings sessionDefaults(Config config) {
        return new SessionSettings(config.intraOpThreads(), config.interOpThreads(), config.optimizationLevel(),
                config.allowSpinning());
    }
}
