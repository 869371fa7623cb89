package org.modelgate.optimize.tool;

import java.io.PrintStream;
import java.util.List;

/**
 * One subcommand of {@code mgopt} ({@code quantize}, {@code fp16}, {@code prune}, {@code distill}, {@code report}).
 * Each is registered once in {@link Subcommands#all()}.
 *
 * <pre>
 * final class Fp16Command implements Subcommand {
 *     public String name() { return "fp16"; }
 *     public String usage() { return "mgopt fp16 &lt;model.onnx|folder&gt; --out &lt;dir|file.onnx&gt; [--block Resize,Range]"; }
 *     public int run(List&lt;String&gt; args, PrintStream out, PrintStream err) { ...; return ExitCode.OK; }
 * }
 * </pre>
 */
public interface Subcommand {
    /**
     * The word that picks this subcommand, e.g. {@code quantize}.
     *
     * @return the name
     */
    String name();

    /**
     * One or more usage lines, starting with {@code mgopt <name>}.
     *
     * @return the usage text
     */
    String usage();

    /**
     * Runs the subcommand.
     *
     * @param args the arguments after the subcommand's name
     * @param out where the result (the report table, the written paths) goes
     * @param err where errors and the progress bar go
     * @return the exit status: {@link ExitCode#OK}, {@link ExitCode#REFUSED} or {@link ExitCode#USAGE}
     */
    int run(List<String> args, PrintStream out, PrintStream err);
}
