package org.modelgate.optimize.quantize;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ai.onnx.proto.OnnxMl.ModelProto;

import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.folder.ModelFolder;
import org.modelgate.optimize.report.ProgressBar;
import org.modelgate.optimize.tool.Arguments;
import org.modelgate.optimize.tool.CandidateOutput;
import org.modelgate.optimize.tool.ExitCode;
import org.modelgate.optimize.tool.ReferenceOptions;
import org.modelgate.optimize.tool.Subcommand;
import org.modelgate.optimize.tool.UsageException;

/**
 * {@code mgopt quantize}: INT8 quantization. {@code --mode dynamic} (the default) quantizes MatMul/Gemm weights and
 * large embedding tables ahead of time and activations at run time, with ONNX Runtime's {@code quantize_dynamic}
 * option names; the result is measured against the original and refused when it loses more accuracy than allowed.
 */
public final class QuantizeCommand implements Subcommand {
    /** The options of dynamic mode that take a value. */
    static final Set<String> DYNAMIC_VALUED = Set.of("mode", "weight_type", "op_types_to_quantize", "nodes_to_exclude",
            "min_gather_elements");
    /** The switches of dynamic mode. */
    static final Set<String> DYNAMIC_SWITCHES = Set.of("per_channel", "reduce_range");

    @Override
    public String name() {
        return "quantize";
    }

    @Override
    public String usage() {
        return "mgopt quantize <model.onnx|folder> " + CandidateOutput.USAGE + " [--mode dynamic] [--per_channel=true|false]"
                + " [--reduce_range=true|false] [--weight_type QInt8|QUInt8] [--op_types_to_quantize MatMul,Gemm,Gather]"
                + " [--nodes_to_exclude <node,...>] [--min_gather_elements 65536] " + ReferenceOptions.USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            Arguments line = Arguments.parse(args, CandidateOutput.valued(DYNAMIC_VALUED), CandidateOutput.switches(DYNAMIC_SWITCHES));
            if (line.help()) {
                out.println("usage: " + usage());
                return ExitCode.OK;
            }
            if (line.positional().size() != 1) {
                throw new UsageException("give one model (an .onnx file or a model folder)");
            }
            String mode = line.option("mode").orElse("dynamic");
            if (!mode.equals("dynamic")) {
                throw new UsageException("--mode is dynamic in this build, not '" + mode + "'");
            }
            DynamicQuantizationOptions options = options(line);
            ModelFolder source = ModelFolder.open(Path.of(line.positional().get(0)));
            ModelProto original = source.read();
            ProgressBar bar = ProgressBar.on(err, "quantize", 0);
            DynamicQuantizer.Result result;
            try {
                result = new DynamicQuantizer(options).quantize(original, bar);
            } finally {
                bar.done();
            }
            return new CandidateOutput("quantize", line, out, err).finish(source, original, result.model(),
                    "int8 dynamic", result.notes());
        } catch (UsageException e) {
            err.println("mgopt quantize: " + e.getMessage());
            err.println("usage: " + usage());
            return ExitCode.USAGE;
        } catch (OptimizationException e) {
            err.println("mgopt quantize: " + e.getMessage());
            return ExitCode.REFUSED;
        }
    }

    /**
     * The dynamic options on a command line, ONNX Runtime's defaults for those not given.
     *
     * @param line the arguments
     * @return the options
     * @throws UsageException for an unknown weight type or operator type
     */
    static DynamicQuantizationOptions options(Arguments line) throws UsageException {
        DynamicQuantizationOptions defaults = DynamicQuantizationOptions.DEFAULT;
        WeightType type;
        try {
            type = line.option("weight_type").map(WeightType::named).orElse(defaults.weightType());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Set<String> ops = line.list("op_types_to_quantize").isEmpty() ? defaults.opTypesToQuantize()
                : new HashSet<>(line.list("op_types_to_quantize"));
        return new DynamicQuantizationOptions(line.flag("per_channel", defaults.perChannel()),
                line.flag("reduce_range", defaults.reduceRange()), type, ops,
                new HashSet<>(line.list("nodes_to_exclude")), line.integer("min_gather_elements", (int) defaults.minGatherElements()));
    }
}
