package org.modelgate.spi;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Knows one kind of hardware (a CPU, a CUDA GPU, an NPU) and how a backend should run a model on it.
 *
 * <p>Register an implementation as an OSGi service. The core probes each driver once when it arrives (never on a
 * request thread), asks the available ones for settings whenever it loads a model, and runs the model with the
 * settings of the best-ranked driver: the model's {@code "accelerators"} hint and a measured {@code plan.json}
 * come first (see docs/architecture.md). When a driver comes or goes, the models it concerns are loaded again
 * under the new plan and swapped in without failing a request.
 *
 * <p>A driver must never throw: it reports what it cannot do. A driver whose {@link #probe()} throws, does not
 * answer within seconds, or says the device is unavailable stays listed (with the reason) and is never chosen; one
 * whose {@link #settingsFor} throws is skipped for that model, which runs on the next driver.
 *
 * <pre>{@code
 * @Component(service = AcceleratorDriver.class)
 * public class AcmeNpuDriver implements AcceleratorDriver {
 *     public String name() { return "npu"; }
 *     public DeviceProbe probe() {
 *         return Files.exists(device) ? DeviceProbe.available("Acme NPU at " + device, List.of("ACME_NPU"))
 *                 : DeviceProbe.unavailable("no Acme NPU: " + device + " does not exist");
 *     }
 *     public Optional<ExecutionSettings> settingsFor(ModelRequirements model, String backend) {
 *         if (!"onnxruntime".equals(backend)) return Optional.empty();
 *         return Optional.of(ExecutionSettings.of(60, Map.of("intraOpThreads", "1", "ort.arena", "false")));
 *     }
 * }
 * }</pre>
 */
@ConsumerType
public interface AcceleratorDriver {
    /**
     * The driver's short name, unique on the gateway, as models name it in their {@code "accelerators"} hint
     * and operators see it in {@code mg:accelerators}: {@code cpu}, {@code cuda}, {@code tensorrt}, {@code npu}.
     *
     * @return the name
     */
    String name();

    /**
     * Looks at the device: is the hardware there, and can the runtime really use it (provider libraries
     * loadable, kernel driver present)?
     *
     * <p>Called once when the driver arrives, on a thread of the core's own, with a time limit of a few
     * seconds. May be slow (loading native libraries), must not throw.
     *
     * @return what was found; when unavailable, a reason an operator can act on
     */
    DeviceProbe probe();

    /**
     * The settings a backend should load a model with on this driver's device, if the driver can run it.
     *
     * <p>Called for every load of a model (after a successful probe), with a time limit of a few seconds.
     * Return empty for a backend the driver does not know or a model it cannot run (its hints ask for more
     * memory than the device has, for instance). Must not throw.
     *
     * @param model the model to run: name, version, format, hints from its model.json
     * @param backend the name of the backend that will load it, e.g. {@code onnxruntime}
     * @return the rank and the backend settings, or empty
     */
    Optional<ExecutionSettings> settingsFor(ModelRequirements model, String backend);
}
