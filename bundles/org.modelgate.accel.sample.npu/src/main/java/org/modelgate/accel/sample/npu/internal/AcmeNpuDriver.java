package org.modelgate.accel.sample.npu.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * The {@code npu} driver of the fictional Acme NPU: a sample of what a vendor writes.
 *
 * <p>The probe looks for the NPU's device file (its kernel driver creates it; tests and demos create a plain file
 * with {@code firmware=...} and {@code memoryMB=...} lines). For {@code onnx} models on the {@code onnxruntime}
 * backend it offers settings ranked above the CPU: here ONNX Runtime's CPU provider with the NPU runtime's own
 * thread and memory settings, where a real driver would name its execution provider. Models whose
 * {@code minMemoryMB} hint exceeds the NPU's memory get no offer and run elsewhere.
 */
@Component(service = AcceleratorDriver.class, configurationPid = AcmeNpuDriver.PID)
@Designate(ocd = AcmeNpuDriver.Config.class)
public final class AcmeNpuDriver implements AcceleratorDriver {
    /** The configuration PID. */
    public static final String PID = "org.modelgate.accel.sample.npu";
    /** The driver's name, as models hint it: {@code "accelerators": ["npu", "cpu"]}. */
    public static final String NAME = "npu";
    private static final Pattern FIRMWARE = Pattern.compile("(?m)^firmware=(\\S+)");
    private static final Pattern MEMORY = Pattern.compile("(?m)^memoryMB=(\\d+)");

    /** Where the NPU is and how models run on it. */
    @ObjectClassDefinition(name = "Acme NPU (sample driver)", description = "The sample vendor driver of the fictional Acme NPU.")
    public @interface Config {
        /**
         * The NPU's device file.
         *
         * @return its path
         */
        @AttributeDefinition(description = "The NPU's device file, created by its kernel driver.")
        String device() default "/dev/acme-npu0";

        /**
         * The driver's rank.
         *
         * @return the rank; NPUs rank 40-69
         */
        @AttributeDefinition(description = "Rank against other drivers (higher wins); NPUs rank 40-69.")
        int rank() default 60;

        /**
         * Host threads feeding the NPU per model.
         *
         * @return the count
         */
        @AttributeDefinition(min = "1", description = "Host threads feeding the NPU per model.")
        int threads() default 1;

        /**
         * Whether the host keeps a memory arena for the NPU's buffers.
         *
         * @return false: the NPU runtime has its own pool
         */
        @AttributeDefinition(description = "Host memory arena (the NPU runtime pools its own buffers).")
        boolean arena() default false;
    }

    private final Config config;

    /**
     * Starts the driver.
     *
     * @param config where the NPU is and how models run on it
     */
    @Activate
    public AcmeNpuDriver(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DeviceProbe probe() {
        Path device = Path.of(config.device());
        if (!Files.exists(device)) {
            return DeviceProbe.unavailable("no Acme NPU: " + device + " does not exist (is the acme-npu kernel module loaded?)");
        }
        String info;
        try {
            info = Files.isRegularFile(device) ? Files.readString(device) : "";
        } catch (IOException e) {
            return DeviceProbe.unavailable("the Acme NPU at " + device + " cannot be read (" + e.getMessage()
                    + "): the gateway's user needs read access to it");
        }
        return DeviceProbe.available("Acme NPU at " + device + " (firmware " + match(FIRMWARE, info).orElse("unknown") + ", "
                + memoryMB(info) + " MiB)", List.of("ACME_NPU"));
    }

    @Override
    public Optional<ExecutionSettings> settingsFor(ModelRequirements model, String backend) {
        if (!OrtSettings.BACKEND.equals(backend) || !"onnx".equals(model.format())) {
            return Optional.empty();
        }
        long needed = model.numberHint("minMemoryMB").map(Number::longValue).orElse(0L);
        if (needed > memoryMB(deviceInfo())) {
            return Optional.empty();
        }
        return Optional.of(ExecutionSettings.of(config.rank(), Map.of(
                OrtSettings.EXECUTION_PROVIDERS, "CPU",
                OrtSettings.INTRA_OP_THREADS, Integer.toString(config.threads()),
                OrtSettings.ARENA, Boolean.toString(config.arena()),
                OrtSettings.ALLOW_SPINNING, "false")));
    }

    private String deviceInfo() {
        try {
            return Files.readString(Path.of(config.device()));
        } catch (IOException e) {
            return "";
        }
    }

    private static long memoryMB(String info) {
        return match(MEMORY, info).map(Long::parseLong).orElse(512L);
    }

    private static Optional<String> match(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
