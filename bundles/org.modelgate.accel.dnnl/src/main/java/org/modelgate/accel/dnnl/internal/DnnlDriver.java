package org.modelgate.accel.dnnl.internal;

import java.util.Map;
import java.util.Optional;

import org.modelgate.accel.onnxruntime.OrtNatives;
import org.modelgate.accel.onnxruntime.OrtProviderProbe;
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
 * The {@code dnnl} driver: runs {@code onnxruntime} models through ONNX Runtime's oneDNN provider (optimised CPU
 * kernels). ONNX Runtime's Maven natives do not carry it; natives built with it must replace them, so on a stock
 * gateway this driver stays installed, says so, and is never chosen.
 */
@Component(service = AcceleratorDriver.class, configurationPid = DnnlDriver.PID)
@Designate(ocd = DnnlDriver.Config.class)
public final class DnnlDriver implements AcceleratorDriver {
    /** The configuration PID. */
    public static final String PID = "org.modelgate.accel.dnnl";
    /** The driver's name. */
    public static final String NAME = "dnnl";
    static final String REMEDY = "oneDNN needs ONNX Runtime natives built with --use_dnnl in place of the native fragment; "
            + "Modelgate does not ship them";

    /** The provider in the loaded natives. */
    static final OrtProviderProbe PROBE = new OrtProviderProbe("DNNL", REMEDY);

    /** oneDNN settings. */
    @ObjectClassDefinition(name = "Modelgate accelerator: oneDNN",
            description = "ONNX Runtime's oneDNN (DNNL) provider. A model's options in model.json win over these.")
    public @interface Config {
        /**
         * The driver's rank.
         *
         * @return the rank
         */
        @AttributeDefinition(description = "Rank against other drivers (higher wins).")
        int rank() default 20;

        /**
         * Whether oneDNN uses its arena allocator.
         *
         * @return true for the arena
         */
        @AttributeDefinition(description = "oneDNN's arena allocator.")
        boolean arena() default true;
    }

    private final Config config;
    private final OrtNatives natives;

    /**
     * Starts the driver on the loaded natives.
     *
     * @param config the settings
     */
    @Activate
    public DnnlDriver(Config config) {
        this(config, OrtNatives.loaded());
    }

    DnnlDriver(Config config, OrtNatives natives) {
        this.config = config;
        this.natives = natives;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DeviceProbe probe() {
        return PROBE.probe(natives, Map.of(), "oneDNN on " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores");
    }

    @Override
    public Optional<ExecutionSettings> settingsFor(ModelRequirements model, String backend) {
        if (!OrtSettings.BACKEND.equals(backend)) {
            return Optional.empty();
        }
        return Optional.of(ExecutionSettings.of(config.rank(), Map.of(OrtSettings.EXECUTION_PROVIDERS, "DNNL,CPU",
                OrtSettings.DNNL_ARENA, Boolean.toString(config.arena()))));
    }
}
