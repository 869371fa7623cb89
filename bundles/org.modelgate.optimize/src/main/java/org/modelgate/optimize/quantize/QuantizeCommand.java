package org.modelgate.optimize.quantize;

import java.io.PrintStream;
import java.util.List;

import org.modelgate.optimize.tool.ExitCode;
import org.modelgate.optimize.tool.Subcommand;

/** {@code mgopt quantize}: dynamic INT8 (the default mode). */
public final class QuantizeCommand implements Subcommand {
    @Override
    public String name() {
        return "quantize";
    }

    @Override
    public String usage() {
        return "mgopt quantize <model.onnx|folder> --out <folder|file.onnx> [--mode dynamic]";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        err.println("mgopt quantize: not yet");
        return ExitCode.REFUSED;
    }
}
