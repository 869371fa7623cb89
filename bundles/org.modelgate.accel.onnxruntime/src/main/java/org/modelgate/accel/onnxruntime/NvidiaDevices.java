package org.modelgate.accel.onnxruntime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The NVIDIA GPUs the kernel driver shows: device files {@code /dev/nvidia<N>} and {@code /dev/nvidiactl}, the
 * driver version in {@code /proc/driver/nvidia/version} and each GPU's model in
 * {@code /proc/driver/nvidia/gpus/<bus id>/information}. Read under a root folder, so tests can use a fake one.
 *
 * @param root the file system root, {@code /} on a device
 */
public record NvidiaDevices(Path root) {
    private static final Pattern DEVICE = Pattern.compile("nvidia(\\d+)");
    private static final Pattern VERSION = Pattern.compile("Kernel Module(?: for [^ ]+)?\\s+([0-9][0-9.]*)");
    private static final Pattern MODEL = Pattern.compile("(?m)^Model:\\s*(.+)$");

    /**
     * The devices of this machine.
     *
     * @return the devices under {@code /}
     */
    public static NvidiaDevices system() {
        return new NvidiaDevices(Path.of("/"));
    }

    /**
     * The GPU numbers that have a device file, in order.
     *
     * @return e.g. {@code [0, 1]}
     */
    public List<Integer> gpus() {
        Path dev = root.resolve("dev");
        if (!Files.isDirectory(dev)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dev)) {
            return files.map(f -> DEVICE.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1))).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The kernel driver's version.
     *
     * @return e.g. {@code 550.54.15}, or empty when the driver is not loaded
     */
    public Optional<String> driverVersion() {
        return read("proc/driver/nvidia/version").map(VERSION::matcher).filter(Matcher::find).map(m -> m.group(1));
    }

    /**
     * The GPU models the driver lists, in bus order (which is usually device order).
     *
     * @return e.g. {@code [NVIDIA H100 80GB HBM3]}
     */
    public List<String> models() {
        Path gpus = root.resolve("proc/driver/nvidia/gpus");
        if (!Files.isDirectory(gpus)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(gpus)) {
            return folders.sorted().map(f -> read(root.relativize(f.resolve("information")).toString())
                    .map(MODEL::matcher).filter(Matcher::find).map(m -> m.group(1).trim()).orElse("unknown NVIDIA GPU")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Why GPU {@code id} cannot be used, if it cannot.
     *
     * @param id the device number, as CUDA's {@code device_id}
     * @return the reason, or empty when its device files are there
     */
    public Optional<String> whyNot(int id) {
        List<Integer> gpus = gpus();
        if (gpus.isEmpty()) {
            return Optional.of("no NVIDIA GPU: /dev/nvidia0 is missing (is the NVIDIA kernel driver loaded, and the GPU passed "
                    + "into this container, e.g. docker run --gpus all?)");
        }
        if (!gpus.contains(id)) {
            return Optional.of("no NVIDIA GPU " + id + ": the device files show GPUs " + gpus + " (set deviceId to one of them)");
        }
        if (!Files.exists(root.resolve("dev/nvidiactl"))) {
            return Optional.of("/dev/nvidiactl is missing: the NVIDIA kernel driver is not fully set up (run nvidia-smi once, "
                    + "or pass /dev/nvidiactl into the container)");
        }
        return Optional.empty();
    }

    /**
     * GPU {@code id} for people: its model and the driver version.
     *
     * @param id the device number
     * @return e.g. {@code GPU 0: NVIDIA H100 80GB HBM3, driver 550.54.15}
     */
    public String describe(int id) {
        List<String> models = models();
        String model = id < models.size() ? models.get(id) : "NVIDIA GPU";
        return "GPU " + id + ": " + model + driverVersion().map(v -> ", driver " + v).orElse("");
    }

    private Optional<String> read(String relative) {
        try {
            return Optional.of(Files.readString(root.resolve(relative)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
