package org.modelgate.optimize.distill;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.modelgate.optimize.train.Dataset;
import org.modelgate.optimize.train.Network;
import org.modelgate.optimize.train.Objective;
import org.modelgate.optimize.train.Standardization;
import org.modelgate.optimize.train.TestData;
import org.modelgate.optimize.train.Trainer;

/**
 * A teacher model folder for the digits: an MLP with one wide hidden layer trained on the rows the distiller will
 * train on (the default split), written as {@code model.onnx} (input {@code pixels}, output {@code probabilities})
 * beside a model.json with labels, schema and two golden samples (one with expected outputs, one with a label).
 */
public final class DigitsTeacher {
    private DigitsTeacher() {
    }

    /** Writes the folder and returns it. */
    public static Path write(Path folder, int width) throws IOException {
        Dataset digits = TestData.digits();
        Dataset.Split split = digits.split(DistillSettings.DEFAULT.heldOutFraction(), DistillSettings.DEFAULT.seed());
        Network teacher = Network.mlp(Standardization.of(split.train().rows()), new int[] {width}, 10, 11);
        Trainer.builder().optEpochs(30).optSeed(11).build()
                .fit(teacher, split.train().rows(), Objective.crossEntropy(split.train().labels()));
        Files.createDirectories(folder);
        Files.write(folder.resolve("model.onnx"), teacher.toOnnx("digits-teacher", "pixels", "probabilities"));
        float[] first = split.heldOut().rows()[0];
        float[] second = split.heldOut().rows()[1];
        float[] expected = teacher.probabilities(new float[][] {first})[0];
        List<String> labels = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            labels.add("\"" + c + "\"");
        }
        String json = "{\n  \"name\": \"digits\",\n  \"version\": \"1.0.0\",\n  \"format\": \"onnx\",\n  \"file\": \"model.onnx\",\n"
                + "  \"labels\": [" + String.join(", ", labels) + "],\n"
                + "  \"inputs\": [{\"name\": \"pixels\", \"datatype\": \"FP32\", \"shape\": [-1, 64]}],\n"
                + "  \"outputs\": [{\"name\": \"probabilities\", \"datatype\": \"FP32\", \"shape\": [-1, 10]}],\n"
                + "  \"golden\": [\n"
                + "    {\"inputs\": [{\"name\": \"pixels\", \"datatype\": \"FP32\", \"shape\": [1, 64], \"data\": " + list(first) + "}],\n"
                + "     \"outputs\": [{\"name\": \"probabilities\", \"data\": " + list(expected) + "}], \"tolerance\": 0.2},\n"
                + "    {\"inputs\": [{\"name\": \"pixels\", \"datatype\": \"FP32\", \"shape\": [1, 64], \"data\": " + list(second) + "}],\n"
                + "     \"label\": \"" + split.heldOut().labels()[1] + "\"}\n"
                + "  ]\n}\n";
        Files.writeString(folder.resolve("model.json"), json, StandardCharsets.UTF_8);
        return folder;
    }

    private static String list(float[] values) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            text.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6f", values[i]));
        }
        return text.append(']').toString();
    }
}
