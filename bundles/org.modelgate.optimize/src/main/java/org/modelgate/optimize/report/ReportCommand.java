package org.modelgate.optimize.report;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.folder.ModelFolder;
import org.modelgate.optimize.tool.Arguments;
import org.modelgate.optimize.tool.ExitCode;
import org.modelgate.optimize.tool.ReferenceOptions;
import org.modelgate.optimize.tool.Subcommand;
import org.modelgate.optimize.tool.UsageException;

/**
 * {@code mgopt report <original> <candidate>...}: measures models already optimized (by mgopt or another tool) against
 * the original on the same reference samples, and prints the table.
 */
public final class ReportCommand implements Subcommand {
    @Override
    public String name() {
        return "report";
    }

    @Override
    public String usage() {
        return "mgopt report <original model.onnx|folder> <candidate.onnx|folder>... " + ReferenceOptions.USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            Arguments line = Arguments.parse(args, ReferenceOptions.VALUED, Set.of());
            if (line.help()) {
                out.println("usage: " + usage());
                return ExitCode.OK;
            }
            if (line.positional().size() < 2) {
                throw new UsageException("give the original model and at least one candidate");
            }
            ModelFolder original = ModelFolder.open(Path.of(line.positional().get(0)));
            ReferenceSamples samples = ReferenceOptions.samples(line, original, original.read());
            Map<String, Path> candidates = new LinkedHashMap<>();
            for (String candidate : line.positional().subList(1, line.positional().size())) {
                Path file = ModelFolder.open(Path.of(candidate)).modelFile();
                String name = String.valueOf(Path.of(candidate).getFileName());
                candidates.put(candidates.containsKey(name) ? name + " (" + (candidates.size() + 1) + ")" : name, file);
            }
            OptimizationReport report = ReferenceOptions.measurer(line, samples, err).measure(original.modelFile(), candidates);
            report.print(out);
            return ExitCode.OK;
        } catch (UsageException e) {
            err.println("mgopt report: " + e.getMessage());
            err.println("usage: " + usage());
            return ExitCode.USAGE;
        } catch (OptimizationException e) {
            err.println("mgopt report: " + e.getMessage());
            return ExitCode.REFUSED;
        }
    }
}
