package org.modelgate.optimize.tool;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code mgopt} command line: optimizes an ONNX model and prints a before/after report measured through ONNX
 * Runtime on this machine.
 *
 * <pre>
 * bin/mgopt quantize models/minilm/1.0.0 --out build/minilm-int8
 * bin/mgopt report model.onnx build/minilm-int8/model.onnx --samples model.json
 * </pre>
 *
 * <p>Exit status 0 on success, 1 when refused or a file cannot be read or written, 2 for a wrong command line. The
 * report goes to stdout, progress and errors to stderr.
 */
public final class Mgopt {
    private Mgopt() {
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args a subcommand and its arguments, or {@code -h}
     */
    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /**
     * Runs the command line.
     *
     * @param args the subcommand and its arguments
     * @param out where results go
     * @param err where errors and progress go
     * @return the exit status
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        String name = args.isEmpty() ? "" : args.get(0);
        if (name.equals("-h") || name.equals("--help") || name.equals("help")) {
            out.println(usage());
            return ExitCode.OK;
        }
        Optional<Subcommand> command = Subcommands.named(name);
        if (command.isEmpty()) {
            err.println(name.isEmpty() ? "mgopt: give a command" : "mgopt: unknown command '" + name + "'");
            err.println(usage());
            return ExitCode.USAGE;
        }
        try {
            return command.get().run(List.copyOf(args.subList(1, args.size())), out, err);
        } catch (RuntimeException e) {
            // A bug, not a user's mistake: say so in one line rather than a stack trace on the console.
            err.println("mgopt " + name + ": internal error: " + e);
            return ExitCode.REFUSED;
        }
    }

    /**
     * Usage of every subcommand.
     *
     * @return the text
     */
    public static String usage() {
        return "usage: " + Subcommands.all().stream().map(Subcommand::usage)
                .collect(Collectors.joining("\n       "));
    }
}
