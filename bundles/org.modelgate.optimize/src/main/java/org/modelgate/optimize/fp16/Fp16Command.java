package org.modelgate.optimize.fp16;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ai.onnx.proto.OnnxMl.ModelProto;

import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.folder.ModelFolder;
import org.modelgate.optimize.tool.Arguments;
import org.modelgate.optimize.tool.CandidateOutput;
import org.modelgate.optimize.tool.ExitCode;
import org.modelgate.optimize.tool.ReferenceOptions;
import org.modelgate.optimize.tool.Subcommand;
import org.modelgate.optimize.tool.UsageException;

/**
 * {@code mgopt fp16}: the model in float16 (half the weight bytes), with onnxconverter-common's option names;
 * measured against the original and refused when it loses more accuracy than allowed (unless {@code --force}).
 */
public final class Fp16Command implements Subcommand {
    private static final Set<String> VALUED = Set.of("op_block_list", "min_positive_val", "max_finite_val");
    private static final Set<String> SWITCHES = Set.of("keep_io_types");

    @Override
    public String name() {
        return "fp16";
    }

    @Override
    public String usage() {
        return "mgopt fp16 <model.onnx|folder> " + CandidateOutput.USAGE + " [--keep_io_types=true|false]"
                + " [--op_block_list Resize,TopK,...] [--min_positive_val 1e-7] [--max_finite_val 1e4] " + ReferenceOptions.USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            Arguments line = Arguments.parse(args, CandidateOutput.valued(VALUED), CandidateOutput.switches(SWITCHES));
            if (line.help()) {
                out.println("usage: " + usage());
                return ExitCode.OK;
            }
            if (line.positional().size() != 1) {
                throw new UsageException("give one model (an .onnx file or a model folder)");
            }
            Fp16Options options = options(line);
            ModelFolder source = ModelFolder.open(Path.of(line.positional().get(0)));
            ModelProto original = source.read();
            Fp16Conversion result = new Float16Converter(options).convert(original);
            List<String> notes = new ArrayList<>();
            notes.add(result.convertedConstants() + " weight tensors in float16; " + result.clampedValues()
                    + " values clamped into [" + options.minPositiveValue() + ", " + options.maxFiniteValue() + "] in magnitude");
            if (!result.nodesKeptInFloat().isEmpty()) {
                notes.add("kept in float32 between Casts: " + String.join(", ", result.nodesKeptInFloat()));
            }
            notes.add("ONNX Runtime's CPU provider computes few ops in float16 (it casts around the rest): expect half the"
                    + " size, not more speed, on a CPU");
            return new CandidateOutput("fp16", line, out, err).finish(source, original, result.model(), "fp16", notes);
        } catch (UsageException e) {
            err.println("mgopt fp16: " + e.getMessage());
            err.println("usage: " + usage());
            return ExitCode.USAGE;
        } catch (OptimizationException e) {
            err.println("mgopt fp16: " + e.getMessage());
            return ExitCode.REFUSED;
        }
    }

    private static Fp16Options options(Arguments line) throws UsageException {
        Fp16Options defaults = Fp16Options.defaults();
        Set<String> blocked = line.option("op_block_list").isPresent() ? new HashSet<>(line.list("op_block_list")) : defaults.opBlockList();
        try {
            return new Fp16Options(line.flag("keep_io_types", defaults.keepIoTypes()), blocked,
                    (float) line.number("min_positive_val", defaults.minPositiveValue()),
                    (float) line.number("max_finite_val", defaults.maxFiniteValue()));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
