package org.modelgate.optimize.tool;

import java.util.List;
import java.util.Optional;

import org.modelgate.optimize.fp16.Fp16Command;
import org.modelgate.optimize.prune.PruneCommand;
import org.modelgate.optimize.distill.DistillCommand;
import org.modelgate.optimize.quantize.QuantizeCommand;
import org.modelgate.optimize.report.ReportCommand;

/**
 * The one list of {@code mgopt}'s subcommands, in the order usage prints them. A new subcommand adds one line here.
 */
public final class Subcommands {
    private Subcommands() {
    }

    /**
     * Every subcommand.
     *
     * @return the subcommands, in usage order
     */
    public static List<Subcommand> all() {
        return List.of(
                new QuantizeCommand(),
                new Fp16Command(),
                new PruneCommand(),
                new DistillCommand(),
                new ReportCommand());
    }

    /**
     * The subcommand of that name.
     *
     * @param name e.g. {@code quantize}
     * @return it, if there is one
     */
    public static Optional<Subcommand> named(String name) {
        return all().stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
