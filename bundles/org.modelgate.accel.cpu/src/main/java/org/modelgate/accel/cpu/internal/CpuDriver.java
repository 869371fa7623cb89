package org.modelgate.accel.cpu.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.modelgate.accel.onnxruntime.OrtNatives;
import org.modelgate.accel.onnxruntime.OrtSettings;
import org.modelgate.spi.AcceleratorDriver;
import org.modelgate.spi.DeviceProbe;
import org.modelgate.spi.ExecutionSettings;
import org.modelgate.spi.ModelRequirements;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code cpu} driver: runs {@code onnxruntime} models on ONNX Runtime's CPU provider with the threads, memory
 * arena and graph optimisation configured here. Always available where the natives load; ranked low, so any
 * accelerator that can run a model goes first, and the CPU is where models return when it leaves.
 */
@Component(service = AcceleratorDriver.class, configurationPid = CpuDriver.PID)
@Designate(ocd = CpuDriver.Config.class)
public final class CpuDriver implements AcceleratorDriver {
    /** The configuration PID. */
    public static final String PID = "org.modelgate.accel.cpu";
    /** The driver's name. */
    public static final String NAME = "cpu";
    private static final Set<String> LEVELS = Set.of("", "none", "basic", "extended", "all");

    /** How models run on the CPU. */
    @ObjectClassDefinition(name = "Modelgate accelerator: CPU",
            description = "ONNX Runtime's CPU provider. Zero or empty leaves a setting to the onnxruntime backend's own "
                    + "configuration; a model's options in model.json win over these.")
    public @interface Config {
        /**
         * The driver's rank; higher ranks win when several drivers can run a model.
         *
         * @return the rank
         */
        @AttributeDefinition(description = "Rank against other drivers (higher wins). CPU-only drivers rank about 10.")
        int rank() default 10;

        /**
         * Threads one operator may use.
         *
         * @return the count; 0 leaves it to the backend
         */
        @AttributeDefinition(min = "0", description = "Threads one operator may use; 0 leaves it to the backend's configuration.")
        int intraOpThreads() default 0;

        /**
         * Threads running independent operators in parallel.
         *
         * @return the count; 0 leaves it to the backend
         */
        @AttributeDefinition(min = "0", description = "Threads running independent operators; 0 leaves it to the backend.")
        int interOpThreads() default 0;

        /**
         * Whether ONNX Runtime keeps a CPU memory arena.
         *
         * @return true for ONNX Runtime's default
         */
        @AttributeDefinition(description = "CPU memory arena: faster allocation, memory kept after peaks. Off on small "
                + "devices that load several models.")
        boolean arena() default true;

        /**
         * Graph optimisation.
         *
         * @return none, basic, extended, all, or empty for the backend's configuration
         */
        @AttributeDefinition(description = "Graph optimisation: none, basic, extended, all; empty leaves it to the backend.")
        String optimizationLevel() default "";
    }

    private final Config config;
    private final OrtNatives natives;
    private final CpuInfo cpu;

    /**
     * Starts the driver on this machine's CPU and ONNX Runtime natives.
     *
     * @param config the settings
     */
    @Activate
    public CpuDriver(Config config) {
        this(config, OrtNatives.loaded(), new CpuInfo(Path.of("/")));
    }

    CpuDriver(Config config, OrtNatives natives, CpuInfo cpu) {
        this.config = config;
        this.natives = natives;
        this.cpu = cpu;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DeviceProbe probe() {
        String level = config.optimizationLevel().trim().toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            return DeviceProbe.unavailable("configuration " + PID + ": optimizationLevel '" + config.optimizationLevel()
                    + "' is not one of none, basic, extended, all (or empty)");
        }
        if (config.intraOpThreads() < 0 || config.interOpThreads() < 0) {
            return DeviceProbe.unavailable("configuration " + PID + ": thread counts must be 0 or more");
        }
        return natives.whyNot("CPU", Map.of(), "install the native fragment ai.onnxruntime.native.<os>.<arch> for this platform")
                .map(reason -> DeviceProbe.unavailable(reason, cpu.describe(), java.util.List.of()))
                .orElseGet(() -> DeviceProbe.available(cpu.describe(), java.util.List.copyOf(new java.util.TreeSet<>(natives.providers()))));
    }

    @Override
    public Optional<ExecutionSettings> settingsFor(ModelRequirements model, String backend) {
        if (!OrtSettings.BACKEND.equals(backend)) {
            return Optional.empty();
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(OrtSettings.EXECUTION_PROVIDERS, "CPU");
        settings.put(OrtSettings.ARENA, Boolean.toString(config.arena()));
        if (config.intraOpThreads() > 0) {
            settings.put(OrtSettings.INTRA_OP_THREADS, Integer.toString(config.intraOpThreads()));
        }
        if (config.interOpThreads() > 0) {
            settings.put(OrtSettings.INTER_OP_THREADS, Integer.toString(config.interOpThreads()));
        }
        if (!config.optimizationLevel().isBlank()) {
            settings.put(OrtSettings.OPTIMIZATION_LEVEL, config.optimizationLevel().trim().toLowerCase(Locale.ROOT));
        }
        return Optional.of(ExecutionSettings.of(config.rank(), settings));
    }
}
