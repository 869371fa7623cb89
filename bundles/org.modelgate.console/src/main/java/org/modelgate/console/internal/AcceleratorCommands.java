package org.modelgate.console.internal;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.modelgate.api.AcceleratorInfo;
import org.modelgate.api.ModelRegistry;
import org.modelgate.gogo.GogoCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code mg:accelerators}: the accelerator drivers present, whether each can work on this device (and why not),
 * the device and runtime providers its probe found, and the models running under it.
 */
@Component(service = Object.class)
@GogoCommand(scope = "mg", function = "accelerators")
public class AcceleratorCommands {
    private static final String USAGE = "usage: mg:accelerators";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ModelRegistry registry;

    // Gogo swaps System.out per session thread: read it at each call, never keep it.
    private final Supplier<PrintStream> out;
    private final Supplier<PrintStream> err;

    /** The component, printing to the calling session. */
    public AcceleratorCommands() {
        this(() -> System.out, () -> System.err);
    }

    AcceleratorCommands(Supplier<PrintStream> out, Supplier<PrintStream> err) {
        this.out = out;
        this.err = err;
    }

    /**
     * {@code mg:accelerators}.
     *
     * @param args nothing, or -h
     */
    public void accelerators(String... args) {
        List<String> given = args == null ? List.of() : Arrays.asList(args);
        if (given.contains("-h") || given.contains("--help")) {
            out.get().println(USAGE);
            out.get().println("  Lists the accelerator drivers: whether each can run models on this device");
            out.get().println("  (and why not), the device and runtime providers its probe found, and the");
            out.get().println("  models running under it. A model's plan: mg:models <model>.");
            out.get().println("  -h, --help  show this help");
            return;
        }
        if (!given.isEmpty()) {
            err.get().println("mg:accelerators: wrong number of arguments; " + USAGE);
            return;
        }
        ModelRegistry service = registry;
        if (service == null) {
            err.get().println("mg:accelerators: the model registry is not available (is org.modelgate.core running?)");
            return;
        }
        try {
            print(service.accelerators());
        } catch (RuntimeException e) {
            err.get().println("mg:accelerators: failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
                    + e.getMessage()));
        }
    }

    private void print(List<AcceleratorInfo> drivers) {
        PrintStream stream = out.get();
        if (drivers.isEmpty()) {
            stream.println("no accelerator drivers: models run on their backend's defaults (install feature accel-cpu)");
            return;
        }
        TextTable table = new TextTable(new String[] {"NAME", "AVAILABLE", "PROVIDERS", "MODELS", "BUNDLE"},
                new int[] {10, 9, 16, 20});
        for (AcceleratorInfo driver : drivers) {
            table.row(driver.name(), driver.available() ? "yes" : "no", String.join(",", driver.providers()),
                    driver.models().isEmpty() ? "-" : String.join(",", driver.models()), driver.bundle());
        }
        table.print(stream);
        // Devices and reasons are long: one untruncated line each.
        for (AcceleratorInfo driver : drivers) {
            stream.println(driver.name() + ": " + (driver.available() ? driver.device() : "unavailable: " + driver.reason()));
        }
    }
}
