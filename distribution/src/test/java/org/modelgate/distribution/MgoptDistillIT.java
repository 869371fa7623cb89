package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The shipped {@code bin/mgopt distill}, from the unpacked tarball: distills the demo iris model (Tribuo's, labels in
 * Tribuo's order) into a small MLP student on the distribution's iris.csv, writes the student folder with the demo's
 * model.json, and prints the report measured through ONNX Runtime.
 */
class MgoptDistillIT {

    @Test
    void distillsTheDemoModelIntoAStudentFolder() throws Exception {
        UnpackedDistribution distribution = UnpackedDistribution.unpack("mgopt-distill");
        Path home = distribution.home();
        Path out = distribution.work().resolve("iris-student");
        Path data = Path.of("src/main/data/iris.csv").toAbsolutePath();

        // 30 held-out rows: one row is 3.3 points, so the 2-point limit is forced past if a single row differs
        Result distilled = mgopt(home, "distill", "--teacher", home.resolve("models/iris/1.0.0").toString(), "--data",
                data.toString(), "--student", "mlp:8", "--epochs", "150", "--runs", "5", "--force", "--out", out.toString());

        assertThat(distilled.exit).as(distilled.output).isZero();
        assertThat(distilled.output).contains("original", "student mlp:8", "agreement", "accuracy",
                "mapped by name onto the teacher's label order [", "wrote " + out.resolve("model.onnx"));
        assertThat(out.resolve("model.json")).content().contains("\"name\" : \"iris\"").contains("\"golden\"");

        Result usage = mgopt(home, "distill", "--data", data.toString());
        assertThat(usage.exit).isEqualTo(2);
        assertThat(usage.output).contains("option --teacher is required");
    }

    private record Result(int exit, String output) {
    }

    private static Result mgopt(Path home, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/mgopt").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
