package org.modelgate.console.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.modelgate.api.BackendInfo;
import org.modelgate.api.BundleInstaller;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceService;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.ModelgateException;
import org.modelgate.api.Operator;
import org.modelgate.api.SafeMode;
import org.modelgate.api.VersionEvent;
import org.modelgate.gogo.GogoCommand;
import org.modelgate.oip.OipCodec;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Gogo commands in scope {@code mg}: models, load, unload, activate, versions, rollback, install, remove,
 * infer, backends, safemode.
 *
 * <p>Plain public methods (Gogo calls them by reflection); each takes {@code -h}/{@code --help}.
 * Output goes to the session's {@code System.out}; failures are one line on {@code System.err},
 * never a stack trace. The services are optional so the commands exist, and say why they cannot
 * work, while the core is away.
 */
@Component(service = Object.class)
@GogoCommand(scope = "mg", function = {"models", "load", "unload", "activate", "versions", "rollback", "install", "remove",
        "infer", "backends", "safemode"})
public class ModelCommands {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ModelRegistry registry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile InferenceService inference;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile BundleInstaller bundleInstaller;

    // Gogo swaps System.out per session thread: read it at each call, never keep it.
    private final Supplier<PrintStream> out;
    private final Supplier<PrintStream> err;
    // Whose changes these are, for the audit log (see Operator).
    private final Supplier<String> operator;

    /** The component, printing to the calling session. */
    public ModelCommands() {
        this(() -> System.out, () -> System.err);
    }

    ModelCommands(Supplier<PrintStream> out, Supplier<PrintStream> err) {
        this(out, err, OperatorName::ofCurrentSession);
    }

    ModelCommands(Supplier<PrintStream> out, Supplier<PrintStream> err, Supplier<String> operator) {
        this.out = out;
        this.err = err;
        this.operator = operator;
    }

    /**
     * {@code mg:models [<model>]}.
     *
     * @param args a model name, or nothing, or -h
     */
    public void models(String... args) {
        run(Command.MODELS, args, a -> {
            if (a.length == 0) {
                ModelTables.models(registry().models()).print(out.get());
                SafeMode safeMode = registry().safeMode();
                if (safeMode.active()) {
                    out.get().println();
                    out.get().println(safeMode.statement()); // one line: greppable, as in the log
                }
            } else {
                ModelTables.details(registry().model(a[0]).orElseThrow(() -> new ModelNotFoundException(
                        "model '" + a[0] + "' is not in the repository")), out.get());
            }
        });
    }

    /**
     * {@code mg:load <model>}.
     *
     * @param args the model name, or -h
     */
    public void load(String... args) {
        run(Command.LOAD, args, a -> {
            boolean force = a[0].equals("--force");
            if (force && a.length != 2 || !force && a.length != 1) {
                throw new CommandException(Command.LOAD.usageLine());
            }
            out.get().println("loaded " + describe(registry().load(a[a.length - 1], force)));
        });
    }

    /**
     * {@code mg:unload <model>}.
     *
     * @param args the model name, or -h
     */
    public void unload(String... args) {
        run(Command.UNLOAD, args, a -> out.get().println("unloaded " + describe(registry().unload(a[0]))));
    }

    /**
     * {@code mg:activate <model> <version>}.
     *
     * @param args model name and version, or -h
     */
    public void activate(String... args) {
        run(Command.ACTIVATE, args, a -> {
            boolean force = a[0].equals("--force");
            if (force && a.length != 3 || !force && a.length != 2) {
                throw new CommandException(Command.ACTIVATE.usageLine());
            }
            int at = force ? 1 : 0;
            out.get().println("activated " + describe(registry().activate(a[at], a[at + 1], force)));
        });
    }

    /**
     * {@code mg:versions <model>}.
     *
     * @param args the model name, or -h
     */
    public void versions(String... args) {
        run(Command.VERSIONS, args, a -> {
            ModelInfo model = registry().model(a[0]).orElseThrow(() -> new ModelNotFoundException(
                    "model '" + a[0] + "' is not in the repository"));
            String challenger = registry().challenger(a[0]).map(c -> ", challenger " + c.version() + " ("
                    + (c.split().shadow() ? "shadow" : "split") + " " + c.split().percent() + "%, not committed)").orElse("");
            out.get().println(model.name() + ": versions " + model.versions() + ", serving " + model.version()
                    + " (" + model.state() + ")" + challenger);
            for (VersionEvent event : registry().history(a[0])) {
                out.get().println("  " + event.time().truncatedTo(ChronoUnit.SECONDS) + "  " + event.version() + "  "
                        + event.kind() + (event.reason() == null ? "" : "  " + event.reason()));
            }
        });
    }

    /**
     * {@code mg:rollback <model>}.
     *
     * @param args the model name, or -h
     */
    public void rollback(String... args) {
        run(Command.ROLLBACK, args, a -> out.get().println("rolled back to " + describe(registry().rollback(a[0]))));
    }

    /**
     * {@code mg:install <file.mgp>|<folder>|<file.jar>}.
     *
     * @param args the package, folder or signed bundle jar, or -h
     */
    public void install(String... args) {
        run(Command.INSTALL, args, a -> {
            if (a[0].endsWith(".jar")) {
                out.get().println(VendorBundleLines.describe(
                        bundleInstaller().install(Path.of(a[0]), Operator.current().orElse(VendorBundleLines.ACTOR))));
                return;
            }
            ModelInfo model = registry().install(Path.of(a[0]));
            out.get().println("installed into " + model.name() + ": versions " + model.versions()
                    + "; activate with mg:activate " + model.name() + " <version>");
        });
    }

    /**
     * {@code mg:remove <model> <version>}.
     *
     * @param args the model name and version, or -h
     */
    public void remove(String... args) {
        run(Command.REMOVE, args, a -> out.get().println("removed " + a[0] + " " + a[1] + "; versions "
                + registry().remove(a[0], a[1]).versions()));
    }

    /**
     * {@code mg:infer <model> <json>|@<file>}.
     *
     * @param args the model name and the OIP request (words joined by spaces if the shell split it), or -h
     */
    public void infer(String... args) {
        run(Command.INFER, args, a -> {
            InferenceRequest request = OipCodec.readRequest(requestJson(Arrays.copyOfRange(a, 1, a.length)));
            out.get().println(OipCodec.toJson(inference().infer(a[0], request)));
        });
    }

    /**
     * {@code mg:backends}.
     *
     * @param args nothing, or -h
     */
    public void backends(String... args) {
        run(Command.BACKENDS, args, a -> {
            List<BackendInfo> backends = registry().backends();
            ModelTables.backends(backends).print(out.get());
        });
    }

    /**
     * {@code mg:safemode [off]}.
     *
     * @param args nothing, {@code off}, or -h
     */
    public void safemode(String... args) {
        run(Command.SAFEMODE, args, a -> {
            if (a.length == 0) {
                out.get().println(registry().safeMode().statement());
                return;
            }
            if (!a[0].equals("off")) {
                throw new CommandException(Command.SAFEMODE.usageLine());
            }
            SafeMode left = registry().leaveSafeMode();
            out.get().println(left.active() ? "safe mode left; loading " + String.join(", ", left.withheld().keySet())
                    : "not in safe mode");
        });
    }

    private void run(Command command, String[] args, Action action) {
        String[] given = args == null ? new String[0] : args;
        if (Arrays.asList(given).contains("-h") || Arrays.asList(given).contains("--help")) {
            command.printUsage(out.get());
            return;
        }
        if (!command.acceptsArgCount(given.length)) {
            err.get().println(command.qualifiedName() + ": wrong number of arguments; " + command.usageLine());
            return;
        }
        try {
            Operator.run(operator.get(), () -> action.run(given));
        } catch (ModelgateException | CommandException e) {
            err.get().println(command.qualifiedName() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            err.get().println(command.qualifiedName() + ": failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private ModelRegistry registry() {
        ModelRegistry service = registry;
        if (service == null) {
            throw new CommandException("the model registry is not available (is org.modelgate.core running?)");
        }
        return service;
    }

    private BundleInstaller bundleInstaller() {
        BundleInstaller service = bundleInstaller;
        if (service == null) {
            throw new CommandException("the bundle installer is not available (is org.modelgate.deploy running?)");
        }
        return service;
    }

    private InferenceService inference() {
        InferenceService service = inference;
        if (service == null) {
            throw new CommandException("the inference service is not available (is org.modelgate.core running?)");
        }
        return service;
    }

    private static String requestJson(String[] words) {
        String text = String.join(" ", words);
        if (!text.startsWith("@")) {
            return text;
        }
        Path file = Path.of(text.substring(1));
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new CommandException("cannot read request file " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    private static String describe(ModelInfo model) {
        return model.name() + " " + model.version() + " (" + model.state()
                + (model.backend() == null ? "" : " on " + model.backend()) + ")";
    }

    /** The body of one command, given its arguments. */
    @FunctionalInterface
    private interface Action {
        void run(String[] args);
    }

    /** A command cannot run; the message is printed as it is. */
    private static final class CommandException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandException(String message) {
            super(message);
        }
    }
}
