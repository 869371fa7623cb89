package org.modelgate.backend.djl.internal;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.modelgate.accel.onnxruntime.session.OptimizationLevel;
import org.modelgate.accel.onnxruntime.session.SessionSettings;
import org.modelgate.api.ModelLoadException;
import org.modelgate.spi.InferenceBackend;
import org.modelgate.spi.LoadedModel;
import org.modelgate.spi.ModelArtifact;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code djl} backend: runs {@code onnx} models on Deep Java Library's OnnxRuntime engine (over the shared
 * ai.onnxruntime bundle, so one native copy serves both backends), and {@code torchscript} models on DJL's PyTorch
 * engine when the fragment {@code org.modelgate.backend.djl.pytorch} is attached.
 *
 * <p>DJL runs offline with its cache in {@code cacheDir} (configuration {@value #PID}); nothing is ever downloaded.
 */
@Component(service = InferenceBackend.class, configurationPid = DjlBackend.PID,
        property = DjlBackend.NAME_PROPERTY + "=" + DjlBackend.NAME)
@Designate(ocd = DjlBackend.Config.class)
public final class DjlBackend implements InferenceBackend {
    /** The configuration PID. */
    public static final String PID = "org.modelgate.backend.djl";
    /** The backend's name, also its service property {@value #NAME_PROPERTY}. */
    public static final String NAME = "djl";
    /** Service property naming the backend. */
    public static final String NAME_PROPERTY = "modelgate.backend.name";

    /** Where DJL may write and the defaults of the models this backend loads. */
    @ObjectClassDefinition(name = "Modelgate DJL backend",
            description = "Deep Java Library backend: OnnxRuntime engine for onnx, PyTorch engine for torchscript "
                    + "(with the djl-pytorch feature). DJL runs offline.")
    public @interface Config {
        /**
         * DJL's cache folder: PyTorch's natives are extracted there once.
         *
         * @return the folder; empty for the bundle's data area in the framework cache
         */
        @AttributeDefinition(name = "Cache folder",
                description = "DJL's cache (DJL_CACHE_DIR): PyTorch natives are extracted here once. Empty: the "
                        + "bundle's data area. The distribution sets ${modelgate.home}/data/djl.")
        String cacheDir() default "";

        /**
         * Threads one ONNX operator may use.
         *
         * @return the count; 0 lets ONNX Runtime choose
         */
        @AttributeDefinition(name = "Intra-op threads (onnx)", min = "0",
                description = "Threads one operator may use in onnx models; 0 lets ONNX Runtime choose.")
        int intraOpThreads() default 0;

        /**
         * Threads running independent ONNX operators in parallel.
         *
         * @return the count; 0 lets ONNX Runtime choose
         */
        @AttributeDefinition(name = "Inter-op threads (onnx)", min = "0",
                description = "Threads running independent operators of onnx models in parallel; 0 lets ONNX Runtime choose.")
        int interOpThreads() default 0;

        /**
         * Graph optimizations applied when an ONNX model is loaded.
         *
         * @return the level
         */
        @AttributeDefinition(name = "Graph optimization level (onnx)",
                description = "Graph rewrites applied when an onnx model is loaded: NONE, BASIC, EXTENDED or ALL.")
        OptimizationLevel optimizationLevel() default OptimizationLevel.ALL;

        /**
         * Whether idle ONNX Runtime worker threads spin.
         *
         * @return true for ONNX Runtime's default
         */
        @AttributeDefinition(name = "Allow spinning (onnx)",
                description = "Idle ONNX Runtime worker threads spin for a while (lower latency, busy CPU).")
        boolean allowSpinning() default true;

        /**
         * Intra-op threads of the PyTorch engine, process-wide, fixed when it first starts.
         *
         * @return the count; 0 for PyTorch's default
         */
        @AttributeDefinition(name = "PyTorch threads", min = "0",
                description = "Intra-op threads of the PyTorch engine (process-wide, fixed when it first starts); "
                        + "0 for PyTorch's default (one per core).")
        int pytorchThreads() default 0;
    }

    private static final System.Logger LOG = System.getLogger(DjlBackend.class.getName());

    private final BundleContext context;
    private final Set<Engines> engines;
    private final Set<String> formats;
    private final Set<DjlModel> openModels = ConcurrentHashMap.newKeySet();
    private volatile SessionSettings defaults;

    /**
     * Starts DJL offline and finds its engines.
     *
     * @param config the configuration
     * @param context the bundle's context, for the default cache folder (null in plain-JVM tests)
     */
    @Activate
    public DjlBackend(Config config, BundleContext context) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("the djl backend hands little-endian tensor bytes to DJL as they are, so it "
                    + "needs a little-endian platform; this one is " + ByteOrder.nativeOrder());
        }
        this.context = context;
        this.defaults = sessionDefaults(config);
        Path cacheDir = cacheDir(config, context);
        this.engines = DjlRuntime.start(cacheDir, config.pytorchThreads());
        Set<String> names = new TreeSet<>();
        engines.forEach(e -> names.add(e.format()));
        this.formats = Set.copyOf(names);
        LOG.log(System.Logger.Level.INFO, () -> "djl " + version() + " offline, cache " + cacheDir + ", engines "
                + engines + ", formats " + formats);
    }

    private static Path cacheDir(Config config, BundleContext context) {
        if (!config.cacheDir().isBlank()) {
            return Path.of(config.cacheDir());
        }
        if (context != null) {
            return context.getDataFile("djl").toPath();
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "modelgate-djl");
    }

    /**
     * Takes new defaults for ONNX models loaded from now on; a new cache folder or PyTorch thread count applies if
     * the PyTorch engine has not started yet (it reads them once per process).
     *
     * @param config the configuration
     */
    @Modified
    void modified(Config config) {
        defaults = sessionDefaults(config);
        DjlRuntime.start(cacheDir(config, context), config.pytorchThreads());
    }

    /** Closes the models still loaded, each once its runs in flight end. */
    @Deactivate
    void deactivate() {
        for (DjlModel model : openModels) {
            model.close();
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return DjlRuntime.version();
    }

    @Override
    public Set<String> formats() {
        return formats;
    }

    @Override
    public LoadedModel load(ModelArtifact artifact) {
        String model = "'" + artifact.name() + "' " + artifact.version();
        Engines engine = Engines.forFormat(artifact.format());
        if (engine == null || !engines.contains(engine)) {
            throw new ModelLoadException("model " + model + " has format '" + artifact.format()
                    + "'; the djl backend runs " + new TreeSet<>(formats) + (engine == Engines.TORCHSCRIPT
                            ? " (install the djl-pytorch feature for torchscript)" : ""));
        }
        Path file = artifact.modelFile();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ModelLoadException("model " + model + ": model file " + file + " does not exist or is not readable");
        }
        DjlModel loaded = DjlRuntime.withBundleLoader(() -> engine == Engines.ONNX
                ? OnnxModels.load(model, file, defaults.withOptions(artifact.options(), model, "djl"), openModels::remove)
                : TorchScriptModels.load(model, file, artifact.options(), openModels::remove));
        openModels.add(loaded);
        LOG.log(System.Logger.Level.INFO, () -> "loaded model " + model + " from " + file + " on djl " + engine.engineName());
        return loaded;
    }

    int openModelCount() {
        return openModels.size();
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
