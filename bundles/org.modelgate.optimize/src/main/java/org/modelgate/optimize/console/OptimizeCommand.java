package org.modelgate.optimize.console;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelRegistry;
import org.modelgate.gogo.GogoCommand;
import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.tool.Arguments;
import org.modelgate.optimize.tool.CandidateMakers;
import org.modelgate.optimize.tool.ReferenceOptions;
import org.modelgate.optimize.tool.UsageException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Gogo command {@code mg:optimize <model> [--version <v>] [--out <dir>] [reference options]}: makes the optimization
 * candidates of an installed model (dynamic INT8, and those other optimizers register), measures them against the
 * installed version on this gateway, writes each as a model folder ready for {@code mgpack pack}, and prints the
 * report. It never installs a candidate: one goes back to the gateway as a signed package.
 */
@Component(service = Object.class, configurationPid = OptimizeCommand.PID)
@GogoCommand(scope = "mg", function = "optimize")
@Designate(ocd = OptimizeCommand.Config.class)
public class OptimizeCommand {
    /** The configuration PID. */
    public static final String PID = "org.modelgate.optimize";
    static final String USAGE = "usage: mg:optimize <model> [--version <x.y.z>] [--out <dir>] " + ReferenceOptions.USAGE;

    /** Where installed models are read and candidates written. */
    @ObjectClassDefinition(name = "Modelgate optimizer", description = "mg:optimize: candidates of installed models.")
    public @interface Config {
        /**
         * The model repository (the registry's {@code repository}).
         *
         * @return the folder
         */
        @AttributeDefinition(description = "The model repository, as the registry's (PID org.modelgate.core.registry).")
        String repository() default "models";

        /**
         * Where candidate folders go.
         *
         * @return the folder
         */
        @AttributeDefinition(description = "Where mg:optimize writes candidate model folders: <folder>/<name>-<version>-<candidate>/.")
        String outputFolder() default "data/optimize";
    }

    private final ModelRegistry registry;
    // Gogo swaps System.out per session thread: read it at each call, never keep it.
    private final Supplier<PrintStream> out;
    private final Supplier<PrintStream> err;
    private volatile Config config;

    /**
     * The component.
     *
     * @param registry the gateway's registry: which versions are installed
     * @param config where models are read and candidates written
     */
    @Activate
    public OptimizeCommand(@Reference ModelRegistry registry, Config config) {
        this(registry, config, () -> System.out, () -> System.err);
    }

    OptimizeCommand(ModelRegistry registry, Config config, Supplier<PrintStream> out, Supplier<PrintStream> err) {
        this.registry = registry;
        this.config = config;
        this.out = out;
        this.err = err;
    }

    @Modified
    void modified(Config changed) {
        this.config = changed;
    }

    /**
     * {@code mg:optimize <model> [--version <v>] [--out <dir>] ...}.
     *
     * @param args the model name and options, or -h
     */
    public void optimize(String... args) {
        PrintStream o = out.get();
        PrintStream e = err.get();
        try {
            Set<String> valued = new HashSet<>(ReferenceOptions.VALUED);
            valued.add("out");
            valued.add("version");
            Arguments line = Arguments.parse(Arrays.asList(args), valued, Set.of());
            if (line.help()) {
                o.println(USAGE);
                return;
            }
            if (line.positional().size() != 1) {
                throw new UsageException("give one model name");
            }
            String name = line.positional().get(0);
            ModelInfo model = registry.model(name).orElseThrow(() -> new OptimizationException("no model '" + name
                    + "' on this gateway (mg:models lists them)"));
            String version = line.option("version").orElse(model.version());
            if (version == null) {
                throw new OptimizationException("model '" + name + "' has no active version: give --version");
            }
            Config c = config;
            new GatewayOptimizer(Path.of(c.repository()), Path.of(c.outputFolder()), o, e)
                    .optimize(name, version, line, CandidateMakers.all());
        } catch (UsageException x) {
            e.println("mg:optimize: " + x.getMessage());
            e.println(USAGE);
        } catch (OptimizationException x) {
            e.println("mg:optimize: " + x.getMessage());
        }
    }
}
