package org.modelgate.optimize.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import ai.onnx.proto.OnnxMl.ModelProto;

import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.folder.ModelFolder;
import org.modelgate.optimize.graph.OnnxModelFile;
import org.modelgate.optimize.report.ModelMeasurement;
import org.modelgate.optimize.report.OptimizationReport;
import org.modelgate.optimize.report.ReferenceSamples;

/**
 * The end every optimizing subcommand shares: the candidate is measured against the original on the reference
 * samples, the report printed, and the candidate written to {@code --out} (a model folder ready for
 * {@code mgpack pack}, or a bare {@code .onnx} file) unless it loses more accuracy than allowed; then it is refused
 * with the figures, and nothing is written, unless {@code --force}.
 *
 * <pre>
 * Arguments line = Arguments.parse(args, CandidateOutput.valued(Set.of("sparsity")), CandidateOutput.switches(Set.of()));
 * ModelFolder source = ModelFolder.open(Path.of(line.positional().get(0)));
 * ModelProto original = source.read();
 * ModelProto pruned = ...;
 * return new CandidateOutput("prune", line, out, err).finish(source, original, pruned, "pruned 50%", notes);
 * </pre>
 *
 * @param command the subcommand's name, for messages
 * @param line its parsed arguments (with {@link #valued(Set)} and {@link #switches(Set)})
 * @param out where the report and the written paths go
 * @param err where refusals and the progress bar go
 */
public record CandidateOutput(String command, Arguments line, PrintStream out, PrintStream err) {
    /** The usage text of the options this adds. */
    public static final String USAGE = "--out <folder|file.onnx> [--version <x.y.z>] [--force] [--min_cosine 0.98]"
            + " [--min_agreement 0.98] [--max_accuracy_drop 0.01]";

    /**
     * A subcommand's option names plus {@code out}, {@code version} and {@link ReferenceOptions#VALUED}.
     *
     * @param own the subcommand's own options that take a value
     * @return all
     */
    public static Set<String> valued(Set<String> own) {
        Set<String> all = new HashSet<>(own);
        all.addAll(ReferenceOptions.VALUED);
        all.add("out");
        all.add("version");
        return all;
    }

    /**
     * A subcommand's switches plus {@code force}.
     *
     * @param own the subcommand's own switches
     * @return all
     */
    public static Set<String> switches(Set<String> own) {
        Set<String> all = new HashSet<>(own);
        all.add("force");
        return all;
    }

    /**
     * Measures, prints the report, and writes the candidate unless refused.
     *
     * @param source the original
     * @param original the original model
     * @param candidate the optimized model
     * @param rowName the candidate's row in the report, e.g. {@code int8 dynamic}
     * @param notes what the optimizer left as it was, and why
     * @return {@link ExitCode#OK} when written, {@link ExitCode#REFUSED} when refused
     * @throws UsageException for a wrong option
     * @throws OptimizationException when measuring or writing fails
     */
    public int finish(ModelFolder source, ModelProto original, ModelProto candidate, String rowName, List<String> notes)
            throws UsageException, OptimizationException {
        Path target = Path.of(line.required("out"));
        ReferenceSamples samples = ReferenceOptions.samples(line, source, original);
        Path staged;
        try {
            staged = Files.createTempFile("mgopt-" + command, ".onnx");
        } catch (IOException e) {
            throw new OptimizationException("cannot make a temporary file: " + e.getMessage(), e);
        }
        try {
            OnnxModelFile.write(candidate, staged);
            Map<String, Path> candidates = new LinkedHashMap<>();
            candidates.put(rowName, staged);
            OptimizationReport report = ReferenceOptions.measurer(line, samples, err).measure(source.modelFile(), candidates);
            for (String note : notes) {
                report = report.withNote(note);
            }
            ModelMeasurement row = report.candidates().get(0);
            if (row.fileBytes() >= report.original().fileBytes()) {
                // per-channel scales and the extra nodes outweigh the bytes saved on tiny weights
                report = report.withNote("the " + rowName + " file is not smaller than the original: its weights are too"
                        + " few for this optimization to pay");
            }
            report = new OptimizationReport(report.original(), List.of(new ModelMeasurement(rowName,
                    target.toString().endsWith(".onnx") ? target : target.resolve(source.modelFile().getFileName()),
                    row.fileBytes(), row.latency(), row.accuracy())), report.notes());
            report.print(out);
            Optional<String> violation = ReferenceOptions.limit(line).violation(report.original().accuracy(), row.accuracy());
            if (violation.isPresent() && !line.flag("force")) {
                err.println("mgopt " + command + ": refused, it loses too much accuracy: " + violation.get()
                        + "; nothing written (--force writes it anyway)");
                return ExitCode.REFUSED;
            }
            violation.ifPresent(v -> err.println("mgopt " + command + ": written with --force although " + v));
            ModelFolder.Written written = source.write(candidate, target, line.option("version"));
            out.println("wrote " + written.modelFile() + written.modelJson().map(j -> " and " + j).orElse(""));
            written.notes().forEach(n -> out.println("note: " + n));
            return ExitCode.OK;
        } catch (IOException e) {
            throw new OptimizationException("cannot write " + staged + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(staged);
            } catch (IOException e) {
                err.println("mgopt " + command + ": cannot delete the temporary file " + staged + ": " + e.getMessage());
            }
        }
    }
}
