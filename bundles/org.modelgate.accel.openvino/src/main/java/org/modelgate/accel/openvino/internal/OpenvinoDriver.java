package org.modelgate.accel.openvino.internal;

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
 * The {@code openvino} driver: runs {@code onnxruntime} models through ONNX Runtime's OpenVINO provider (Intel
 * CPUs, integrated GPUs and NPUs). ONNX Runtime's Maven natives do not carry OpenVINO; natives built with it must
 * replace them, so on a stock gateway this driver stays installed, says so, and is never chosen.
 */
@Component(service = AcceleratorDriver.class, configurationPid = OpenvinoDriver.PID)
@Designate(ocd = OpenvinoDriver.Config.class)
public final class OpenvinoDriver implements AcceleratorDriver {
    /** The configuration PID. */
    public static final String PID = "org.modelgate.accel.openvino";
    /** The driver's name. */
    public static final String NAME = "openvino";
    static final String REMEDY = "OpenVINO needs ONNX Runtime natives built with --use_openvino (as Intel's "
            + "onnxruntime-openvino packages are) in place of the native fragment, and the OpenVINO runtime libraries; "
            + "Modelgate does not ship them";

    /** The provider in the loaded natives. */
    static final OrtProviderProbe PROBE = new OrtProviderProbe("OPENVINO", REMEDY);

    /** Which OpenVINO device. */
    @ObjectClassDefinition(name = "Modelgate accelerator: OpenVINO",
            description = "ONNX Runtime's OpenVINO provider. A model's options in model.json win over these.")
    public @interface Config {
        /**
         * The driver's rank.
         *
         * @return the rank
         */
        @AttributeDefinition(description = "Rank against other drivers (higher wins).")
        int rank() default 30;

        /**
         * The OpenVINO device.
         *
         * @return CPU, GPU, NPU, or AUTO:GPU,CPU and the like
         */
        @AttributeDefinition(description = "OpenVINO device type: CPU, GPU, NPU, AUTO:GPU,CPU, ...")
        String deviceType() default "CPU";
    }

    private final Config config;
    private final OrtNatives natives;

    /**
     * Starts the driver on the loaded natives.
     *
     * @param config the settings
     */
    @Activate
    public OpenvinoDriver(Config config) {
        this(config, OrtNatives.loaded());
    }

    OpenvinoDriver(Config config, OrtNatives natives) {
        this.config = config;
        this.natives = natives;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DeviceProbe probe() {
        return PROBE.probe(natives, Map.of("device_type", config.deviceType()), "OpenVINO " + config.deviceType());
    }

    @Override
    public Optional<ExecutionSettings> settingsFor(ModelRequirements model, String backend) {
        if (!OrtSettings.BACKEND.equals(backend)) {
            return Optional.empty();
        }
        return Optional.of(ExecutionSettings.of(config.rank(), Map.of(OrtSettings.EXECUTION_PROVIDERS, "OPENVINO,CPU",
                OrtSettings.OPENVINO_DEVICE_TYPE, config.deviceType())));
    }
}
