package org.modelgate.optimize.prune;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ai.onnx.proto.OnnxMl.ModelProto;

import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.folder.ModelFolder;
import org.modelgate.optimize.report.OptimizationReport;
import org.modelgate.optimize.tool.Arguments;
import org.modelgate.optimize.tool.CandidateOutput;
import org.modelgate.optimize.tool.ExitCode;
import org.modelgate.optimize.tool.ReferenceOptions;
import org.modelgate.optimize.tool.Subcommand;
import org.modelgate.optimize.tool.UsageException;

/**
 * {@code mgopt prune --sparsity 0.5 [--structured channel]}: magnitude pruning, with the report's accuracy check
 * (refused beyond the limit unless {@code --force}) and a note with the compressed sizes, which is what pruning buys
 * on a backend without sparse kernels.
 */
public final class PruneCommand implements Subcommand {
    private static final Set<String> VALUED = Set.of("sparsity", "structured");

    @Override
    public String name() {
        return "prune";
    }

    @Override
    public String usage() {
        return "mgopt prune <model.onnx|folder> --sparsity 0.5 [--structured channel] " + CandidateOutput.USAGE + " "
                + ReferenceOptions.USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            Arguments line = Arguments.parse(args, CandidateOutput.valued(VALUED), CandidateOutput.switches(Set.of()));
            if (line.help()) {
                out.println("usage: " + usage());
                return ExitCode.OK;
            }
            if (line.positional().size() != 1) {
                throw new UsageException("give one model (an .onnx file or a model folder)");
            }
            PruneOptions options;
            try {
                options = new PruneOptions(Double.parseDouble(line.required("sparsity")),
                        line.option("structured").map(PruneStructure::parse).orElse(PruneStructure.UNSTRUCTURED));
            } catch (NumberFormatException e) {
                throw new UsageException("option --sparsity takes a number between 0 and 1, not '" + line.option("sparsity").orElse("") + "'");
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            ModelFolder source = ModelFolder.open(Path.of(line.positional().get(0)));
            ModelProto original = source.read();
            Pruning result = new MagnitudePruner(options).prune(original);
            List<String> notes = new ArrayList<>();
            notes.add(String.format(Locale.ROOT, "%d of %d weights in %d tensors are zero (%.1f%%, %s)", result.zeroedWeights(),
                    result.prunableWeights(), result.sparsityByTensor().size(), result.overallSparsity() * 100,
                    options.structure().name().toLowerCase(Locale.ROOT)));
            if (!result.leftWhole().isEmpty()) {
                notes.add("left whole: " + String.join(", ", result.leftWhole()));
            }
            long before = CompressedSize.of(original);
            long after = CompressedSize.of(result.model());
            notes.add(String.format(Locale.ROOT, "gzip-compressed: %s -> %s (%.2f); the file itself stays dense and ONNX Runtime's"
                    + " CPU kernels multiply the zeros too, so size and latency do not change", OptimizationReport.bytes(before),
                    OptimizationReport.bytes(after), (double) after / before));
            String row = String.format(Locale.ROOT, "pruned %.0f%% %s", options.sparsity() * 100,
                    options.structure().name().toLowerCase(Locale.ROOT));
            return new CandidateOutput("prune", line, out, err).finish(source, original, result.model(), row, notes);
        } catch (UsageException e) {
            err.println("mgopt prune: " + e.getMessage());
            err.println("usage: " + usage());
            return ExitCode.USAGE;
        } catch (OptimizationException e) {
            err.println("mgopt prune: " + e.getMessage());
            return ExitCode.REFUSED;
        }
    }
}
