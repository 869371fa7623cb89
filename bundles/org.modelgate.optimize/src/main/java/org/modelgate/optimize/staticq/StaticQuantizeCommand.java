package org.modelgate.optimize.staticq;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.modelgate.optimize.tool.UsageException;

/**
 * {@code mgopt quantize --mode static --calibration <data.csv>}: static INT8 in the QDQ form, activation ranges
 * calibrated on the CSV's samples, measured against the original and refused when it loses more accuracy than
 * allowed (unless {@code --force}). Option names follow ONNX Runtime's {@code quantize_static}.
 */
public final class StaticQuantizeCommand {
    /** The usage line, shown under {@code mgopt quantize}'s. */
    public static final String USAGE = "mgopt quantize <model.onnx|folder> --mode static --calibration <samples.csv> "
            + CandidateOutput.USAGE + " [--calibrate_method minmax|percentile|entropy] [--per_channel=true|false]"
            + " [--activation_type QInt8|QUInt8] " + ReferenceOptions.USAGE;
    private static final Set<String> VALUED = Set.of("mode", "calibration", "calibrate_method", "activation_type");
    private static final Set<String> SWITCHES = Set.of("per_channel");

    /**
     * Whether a {@code quantize} command line asks for static mode.
     *
     * @param args the arguments after {@code quantize}
     * @return true for {@code --mode static} or {@code --mode=static}
     */
    public static boolean asks(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--mode=static") || (args.get(i).equals("--mode") && i + 1 < args.size()
                    && args.get(i + 1).equals("static"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code mgopt quantize --mode static ...}.
     *
     * @param args the arguments after {@code quantize}
     * @param out where the report goes
     * @param err where errors and progress go
     * @return the exit status
     */
    public int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            Arguments line = Arguments.parse(args, CandidateOutput.valued(VALUED), CandidateOutput.switches(SWITCHES));
            if (line.help()) {
                out.println("usage: " + USAGE);
                return ExitCode.OK;
            }
            if (line.positional().size() != 1) {
                throw new UsageException("give one model (an .onnx file or a model folder)");
            }
            StaticQuantizationOptions options = options(line);
            Path calibration = Path.of(line.required("calibration"));
            ModelFolder source = ModelFolder.open(Path.of(line.positional().get(0)));
            ModelProto original = source.read();
            CalibrationData data;
            try {
                data = CalibrationData.read(calibration, original);
            } catch (IOException e) {
                throw new OptimizationException("cannot read the calibration data " + calibration + ": " + e.getMessage(), e);
            }
            ProgressBar bar = ProgressBar.on(err, "calibrate", 0);
            StaticQuantization result;
            try {
                result = new StaticQuantizer(options).quantize(original, data, bar);
            } finally {
                bar.done();
            }
            String method = options.calibrateMethod().name().toLowerCase(java.util.Locale.ROOT);
            List<String> notes = new ArrayList<>();
            notes.add("calibrated on " + data.size() + " samples of " + calibration.getFileName() + " (" + method + "); quantized "
                    + result.quantizedNodes().size() + " nodes (" + String.join(", ", result.quantizedNodes()) + ")");
            if (!result.leftInFloat().isEmpty()) {
                notes.add("left in float between DequantizeLinear and QuantizeLinear: " + String.join(", ", result.leftInFloat()));
            }
            return new CandidateOutput("quantize", line, out, err).finish(source, original, result.model(),
                    "int8 static " + method, notes);
        } catch (UsageException e) {
            err.println("mgopt quantize: " + e.getMessage());
            err.println("usage: " + USAGE);
            return ExitCode.USAGE;
        } catch (OptimizationException e) {
            err.println("mgopt quantize: " + e.getMessage());
            return ExitCode.REFUSED;
        }
    }

    private static StaticQuantizationOptions options(Arguments line) throws UsageException {
        StaticQuantizationOptions defaults = StaticQuantizationOptions.defaults();
        try {
            CalibrationMethod method = line.option("calibrate_method").map(CalibrationMethod::parse).orElse(defaults.calibrateMethod());
            return new StaticQuantizationOptions(method, line.flag("per_channel", defaults.perChannel()),
                    line.option("activation_type").orElse(defaults.activationType()));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
