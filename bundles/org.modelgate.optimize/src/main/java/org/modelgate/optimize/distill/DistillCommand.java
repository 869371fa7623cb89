package org.modelgate.optimize.distill;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.folder.ModelFolder;
import org.modelgate.optimize.folder.ModelJson;
import org.modelgate.optimize.report.LatencyMeter;
import org.modelgate.optimize.report.ModelMeasurer;
import org.modelgate.optimize.report.OptimizationReport;
import org.modelgate.optimize.report.OrtModel;
import org.modelgate.optimize.report.OutputKind;
import org.modelgate.optimize.report.ProgressBar;
import org.modelgate.optimize.report.ReferenceSamples;
import org.modelgate.optimize.report.Sample;
import org.modelgate.optimize.report.Tensor;
import org.modelgate.optimize.tool.Arguments;
import org.modelgate.optimize.tool.ExitCode;
import org.modelgate.optimize.tool.Subcommand;
import org.modelgate.optimize.tool.UsageException;

/**
 * {@code mgopt distill}: runs the teacher through ONNX Runtime on the data, trains a student on its soft outputs
 * ({@link Distiller}), writes the student (named as the teacher: same input and output names, the teacher's
 * model.json with golden samples updated) and prints the report measured through ONNX Runtime on the held-out rows:
 * size, p50/p99, agreement with the teacher and accuracy on the held-out labels. A student that loses more than
 * {@code --max_accuracy_drop} against the teacher (or agrees less than {@code --min_agreement} without labels) is
 * refused with the figures unless {@code --force}.
 */
public final class DistillCommand implements Subcommand {
    private static final Set<String> VALUED = Set.of("teacher", "data", "labels", "student", "temperature", "alpha",
            "epochs", "batch_size", "learning_rate", "held_out", "seed", "out", "version", "runs", "warmup", "threads",
            "max_accuracy_drop", "min_agreement");
    private static final Set<String> SWITCHES = Set.of("force");
    private static final double MAX_ACCURACY_DROP = 0.02;
    private static final double MIN_AGREEMENT = 0.95;

    @Override
    public String name() {
        return "distill";
    }

    @Override
    public String usage() {
        return "mgopt distill --teacher <model.onnx|folder> --data <rows.csv[.gz]> --out <folder|file.onnx>"
                + " [--labels <column|last|none>] [--student mlp:64|mlp:128x32|logistic] [--temperature 4] [--alpha 0.5]"
                + " [--epochs 60] [--batch_size 32] [--learning_rate 0.005] [--held_out 0.2] [--seed 42] [--version <v>]"
                + " [--runs 100] [--warmup 10] [--threads 1] [--max_accuracy_drop 0.02] [--min_agreement 0.95] [--force]";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            Arguments line = Arguments.parse(args, VALUED, SWITCHES);
            if (line.help()) {
                out.println(usage());
                return ExitCode.OK;
            }
            if (!line.positional().isEmpty()) {
                throw new UsageException("distill takes no positional arguments, got " + line.positional()
                        + "; give the teacher with --teacher");
            }
            return distill(line, out, err);
        } catch (UsageException e) {
            err.println("mgopt distill: " + e.getMessage());
            err.println("usage: " + usage());
            return ExitCode.USAGE;
        } catch (OptimizationException | IOException e) {
            err.println("mgopt distill: " + e.getMessage());
            return ExitCode.REFUSED;
        }
    }

    private int distill(Arguments line, PrintStream out, PrintStream err)
            throws UsageException, OptimizationException, IOException {
        ModelFolder source = ModelFolder.open(Path.of(line.required("teacher")));
        Path outPath = Path.of(line.required("out"));
        DistillSettings settings = settings(line);
        CsvData data = CsvData.read(Path.of(line.required("data")), line.option("labels").orElse(null));
        // bin/mgopt names ONNX Runtime's natives and OrtModel unpacks them; opening the teacher through it once also
        // gives the shared messages for a model or a runtime that does not load
        OrtModel.open(source.modelFile(), 1).close();
        float[][] scores;
        String inputName;
        String outputName;
        try (Teacher teacher = Teacher.open(source.modelFile())) {
            ProgressBar bar = ProgressBar.on(err, "teacher", data.features().length);
            int[] reported = {0};
            try {
                scores = teacher.scores(data.features(), done -> {
                    bar.advance(done - reported[0]);
                    reported[0] = done;
                });
            } finally {
                bar.done();
            }
            inputName = teacher.input();
            outputName = teacher.output();
        }
        List<String> labels = labels(source, data, scores[0].length);
        int[] classes = inTeacherOrder(data, source.goldenSamples().labels());
        ProgressBar training = ProgressBar.on(err, "train " + settings.student(), settings.epochs());
        Distillation result;
        try {
            result = Distiller.distill(data.features(), classes, scores, settings, (epoch, epochs, loss) -> training.advance(1));
        } catch (IllegalArgumentException e) {
            throw new OptimizationException(e.getMessage(), e);
        } finally {
            training.done();
        }
        Optional<String> refusal = refusal(line, result);
        if (refusal.isPresent() && !line.flag("force")) {
            err.println("mgopt distill: refused, nothing written: " + refusal.get() + " (--force writes it anyway)");
            return ExitCode.REFUSED;
        }
        Path studentFile = Files.createTempFile("mgopt-student", ".onnx");
        try {
            Files.write(studentFile, result.student().toOnnx("student", inputName, outputName));
            ModelFolder.Written written = source.write(studentFile, outPath, line.option("version"));
            if (written.modelJson().isPresent()) {
                keepOnlyOutput(written.modelJson().get(), outputName);
            }
            ModelMeasurer measurer = new ModelMeasurer(heldOut(result, inputName, labels), OutputKind.CLASSIFIER,
                    new LatencyMeter(line.integer("warmup", 10), line.integer("runs", 100)), line.integer("threads", 1), err);
            OptimizationReport report = measurer.measure(source.modelFile(),
                    Map.of("student " + settings.student(), written.modelFile()));
            report = report.withNote(summary(result, settings));
            if (classes != data.labels()) {
                report = report.withNote("the data's classes " + data.classNames() + " were mapped by name onto the"
                        + " teacher's label order " + labels + " (model.json \"labels\")");
            }
            if (refusal.isPresent()) {
                report = report.withNote("written because of --force: " + refusal.get());
            }
            for (String note : written.notes()) {
                report = report.withNote(note);
            }
            report.print(out);
            out.println("wrote " + written.modelFile() + written.modelJson().map(j -> " and " + j).orElse(""));
            return ExitCode.OK;
        } finally {
            Files.deleteIfExists(studentFile);
        }
    }

    private static DistillSettings settings(Arguments line) throws UsageException {
        DistillSettings d = DistillSettings.DEFAULT;
        try {
            return new DistillSettings(StudentSpec.parse(line.option("student").orElse(d.student().toString())),
                    line.number("temperature", d.temperature()), line.number("alpha", d.alpha()),
                    line.integer("epochs", d.epochs()), line.integer("batch_size", d.batchSize()),
                    line.number("learning_rate", d.learningRate()), line.number("held_out", d.heldOutFraction()),
                    line.integer("seed", (int) d.seed()));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static Optional<String> refusal(Arguments line, Distillation result) throws UsageException {
        if (result.labelled()) {
            double maxDrop = line.number("max_accuracy_drop", MAX_ACCURACY_DROP);
            double drop = result.teacherAccuracy() - result.studentAccuracy();
            if (drop > maxDrop) {
                return Optional.of(String.format(Locale.ROOT, "the student's held-out accuracy %.2f %% is %.2f points below"
                        + " the teacher's %.2f %% (allowed: %.2f, --max_accuracy_drop)", result.studentAccuracy() * 100,
                        drop * 100, result.teacherAccuracy() * 100, maxDrop * 100));
            }
            return Optional.empty();
        }
        double minAgreement = line.number("min_agreement", MIN_AGREEMENT);
        if (result.agreement() < minAgreement) {
            return Optional.of(String.format(Locale.ROOT, "the student agrees with the teacher on %.2f %% of the held-out"
                    + " rows, below %.2f %% (--min_agreement)", result.agreement() * 100, minAgreement * 100));
        }
        return Optional.empty();
    }

    /** The held-out rows as reference samples, one row each, labelled when the data has labels. */
    static ReferenceSamples heldOut(Distillation result, String inputName, List<String> labels) {
        List<Sample> samples = new ArrayList<>();
        float[][] rows = result.split().heldOut().rows();
        int[] classes = result.split().heldOut().labels();
        for (int r = 0; r < rows.length; r++) {
            double[] values = new double[rows[r].length];
            for (int f = 0; f < values.length; f++) {
                values[f] = rows[r][f];
            }
            Tensor input = new Tensor(inputName, "FP32", new long[] {1, values.length}, values);
            samples.add(new Sample(List.of(input), List.of(), Sample.DEFAULT_TOLERANCE,
                    result.labelled() ? Optional.of(labels.get(classes[r])) : Optional.empty()));
        }
        return new ReferenceSamples(samples, labels);
    }

    /**
     * The data's class indices in the teacher's order: when the data names its classes and the teacher's model.json
     * lists its labels in another order (Tribuo's, for one, is not alphabetical), each row's class is mapped by name.
     */
    static int[] inTeacherOrder(CsvData data, List<String> teacherLabels) throws OptimizationException {
        if (!data.hasLabels() || data.classNames().isEmpty() || teacherLabels.isEmpty()
                || data.classNames().equals(teacherLabels)) {
            return data.labels();
        }
        int[] mapped = new int[data.labels().length];
        for (int r = 0; r < mapped.length; r++) {
            int label = data.labels()[r];
            if (label < 0 || label >= data.classNames().size()) {
                throw new OptimizationException("row " + (r + 1) + " has class " + label + " but the data names "
                        + data.classNames().size() + " classes " + data.classNames());
            }
            String name = data.classNames().get(label);
            mapped[r] = teacherLabels.indexOf(name);
            if (mapped[r] < 0) {
                throw new OptimizationException("the data's class '" + name + "' is not among the teacher's labels "
                        + teacherLabels + " (its model.json); give data of the teacher's classes");
            }
        }
        return mapped;
    }

    private static List<String> labels(ModelFolder source, CsvData data, int classes) throws OptimizationException {
        List<String> fromModel = source.goldenSamples().labels();
        if (fromModel.size() == classes) {
            return fromModel;
        }
        if (data.classNames().size() == classes) {
            return data.classNames();
        }
        List<String> numbered = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            numbered.add(String.valueOf(c));
        }
        return numbered;
    }

    private static String summary(Distillation result, DistillSettings settings) {
        String accuracy = result.labelled() ? String.format(Locale.ROOT, "; held-out accuracy teacher %.2f %%, student %.2f %%",
                result.teacherAccuracy() * 100, result.studentAccuracy() * 100) : "; the data has no labels: agreement only";
        return String.format(Locale.ROOT, "student %s (%d parameters) trained on %d rows, %d held out; T %s, alpha %s,"
                + " %d epochs, final loss %.4f%s", settings.student(), result.student().parameterCount(),
                result.split().train().size(), result.split().heldOut().size(), trim(settings.temperature()),
                trim(settings.alpha()), settings.epochs(), result.history().finalLoss(), accuracy);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** The student has one output: model.json's schema keeps only that one (a teacher may have had more). */
    private static void keepOnlyOutput(Path modelJson, String outputName) throws OptimizationException, IOException {
        Map<String, Object> json = new LinkedHashMap<>(ModelJson.read(modelJson));
        if (json.get("outputs") instanceof List<?> outputs) {
            List<Object> kept = new ArrayList<>();
            for (Object o : outputs) {
                if (o instanceof Map<?, ?> m && outputName.equals(m.get("name"))) {
                    kept.add(o);
                }
            }
            json.put("outputs", kept);
            ModelJson.write(json, modelJson);
        }
    }
}
