package org.modelgate.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.modelgate.optimize.distill.CsvData;
import org.modelgate.optimize.tool.Mgopt;
import org.modelgate.optimize.train.Dataset;
import org.modelgate.optimize.train.Network;
import org.modelgate.optimize.train.Objective;
import org.modelgate.optimize.train.Standardization;
import org.modelgate.optimize.train.Trainer;

/**
 * The distillation part of {@code -Dbench=optimize} (also {@code -Dbench=distill} alone): on the digits and on
 * breast_cancer, a wide teacher MLP is trained here in Java on the rows {@code mgopt distill} will train on (its
 * default split: 20 % held out, stratified, seed 42), then {@code mgopt distill} itself makes the student and prints
 * its report (size, p50/p99 through ONNX Runtime on this machine, agreement, held-out accuracy). The data are the
 * optimize bundle's test resources ({@code -Ddistill.data} to point elsewhere).
 */
final class DistillBenchmark {
    private static final Path DATA = Path.of(System.getProperty("distill.data",
            "../../bundles/org.modelgate.optimize/src/test/resources/data"));

    private record Case(String name, String file, int classes, int[] teacherHidden, String student) {
    }

    private static final List<Case> CASES = List.of(
            new Case("digits", "digits.csv.gz", 10, new int[] {512, 256}, "mlp:32"),
            new Case("breast_cancer", "breast_cancer.csv", 2, new int[] {256, 128}, "logistic"));

    String run(Path work) throws IOException {
        StringBuilder out = new StringBuilder("## Distillation (mgopt distill, T 4, alpha 0.5, 60 epochs, 1 ORT thread)\n");
        for (Case c : CASES) {
            Path data = DATA.resolve(c.file()).toAbsolutePath().normalize();
            CsvData csv = CsvData.read(data, "last");
            Dataset all = Dataset.of(csv.features(), csv.labels(), c.classes());
            Dataset.Split split = all.split(0.2, 42);
            Network teacher = Network.mlp(Standardization.of(split.train().rows()), c.teacherHidden(), c.classes(), 11);
            Trainer.builder().optEpochs(30).optSeed(11).build()
                    .fit(teacher, split.train().rows(), Objective.crossEntropy(split.train().labels()));
            Path teacherFile = work.resolve(c.name() + "-teacher.onnx");
            Files.write(teacherFile, teacher.toOnnx(c.name() + "-teacher"));
            ByteArrayOutputStream report = new ByteArrayOutputStream();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            int status = Mgopt.run(List.of("distill", "--teacher", teacherFile.toString(), "--data", data.toString(),
                    "--labels", "last", "--student", c.student(), "--out", work.resolve(c.name() + "-student.onnx").toString(),
                    "--force"), new PrintStream(report, true, StandardCharsets.UTF_8),
                    new PrintStream(errors, true, StandardCharsets.UTF_8));
            out.append("\n").append(c.name()).append(": teacher MLP ").append(java.util.Arrays.toString(c.teacherHidden()))
                    .append(" (").append(teacher.parameterCount()).append(" parameters), student ").append(c.student())
                    .append(", exit ").append(status).append("\n\n```\n")
                    .append(status == 0 ? withoutWrittenPaths(report.toString(StandardCharsets.UTF_8)) : errors.toString(StandardCharsets.UTF_8))
                    .append("```\n");
        }
        return out.toString();
    }

    /** The report without its last line (the temporary paths written). */
    private static String withoutWrittenPaths(String report) {
        StringBuilder kept = new StringBuilder();
        report.lines().filter(l -> !l.startsWith("wrote ")).forEach(l -> kept.append(l).append('\n'));
        return kept.toString();
    }
}
