package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The shipped {@code bin/mgopt}, from the unpacked tarball: runs from system/'s jars with ONNX Runtime's natives,
 * quantizes the demo model into a model folder ready for {@code mgpack pack}, reports it against the original, and
 * answers usage errors with status 2.
 */
class MgoptIT {

    @Test
    void quantizesTheDemoModelIntoAFolderAndReportsIt() throws Exception {
        UnpackedDistribution distribution = UnpackedDistribution.unpack("mgopt");
        Path home = distribution.home();
        Path iris = home.resolve("models/iris/1.0.0");
        Path out = distribution.work().resolve("iris-int8");

        // four weights per class: 8 bits cost it accuracy the default limit refuses only if the labels change
        Result quantized = mgopt(home, "quantize", iris.toString(), "--out", out.toString(), "--force", "--runs", "5");
        assertThat(quantized.exit).as(quantized.output).isZero();
        assertThat(quantized.output).contains("original", "int8 dynamic", "wrote " + out.resolve("model.onnx"));
        assertThat(out.resolve("model.json")).content().contains("\"name\" : \"iris\"").contains("\"golden\"");
        assertThat(out.resolve("model.sig")).doesNotExist();

        Result report = mgopt(home, "report", iris.toString(), out.resolve("model.onnx").toString(), "--runs", "5");
        assertThat(report.exit).as(report.output).isZero();
        assertThat(report.output).contains("model.onnx").contains("agreement").containsPattern("measured on \\d+ reference samples");

        Result again = mgopt(home, "quantize", out.toString(), "--out", distribution.work().resolve("twice").toString());
        assertThat(again.exit).isEqualTo(1);
        assertThat(again.output).contains("the model is already quantized");

        Result usage = mgopt(home, "shrink");
        assertThat(usage.exit).isEqualTo(2);
        assertThat(usage.output).contains("mgopt: unknown command 'shrink'", "usage: mgopt quantize");
        try (Stream<Path> left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("mgopt-quantize")).toList())
                    .as("no staged candidate left behind").isEmpty();
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result mgopt(Path home, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/mgopt").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
