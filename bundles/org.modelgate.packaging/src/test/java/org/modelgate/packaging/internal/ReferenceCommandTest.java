package org.modelgate.packaging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.json.StrictJson;
import org.modelgate.monitor.drift.FeatureProfile;
import org.modelgate.monitor.drift.ReferenceProfile;
import org.modelgate.monitor.drift.TensorProfile;
import org.modelgate.packaging.PackageFixture;
import org.modelgate.packaging.UnpackedModel;
import org.modelgate.packaging.tool.Mgpack;

/** Feature: mgpack reference writes the training data's profile into model.json and signs the folder again. */
class ReferenceCommandTest {
    private static final String MODEL_JSON = "{\"name\":\"iris\",\"version\":\"1.0.0\",\"format\":\"onnx\",\"file\":\"model.onnx\","
            + "\"labels\":[\"setosa\",\"versicolor\",\"virginica\"],"
            + "\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[-1,4]}],"
            + "\"outputs\":[{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[-1,3]}]}\n";

    @TempDir
    Path base;
    PackageFixture fixture;
    List<double[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void givenASignedModelFolderAndFishersIris() throws Exception {
        fixture = PackageFixture.create(base);
        Files.writeString(fixture.folder.resolve("model.json"), MODEL_JSON);
        fixture.pack(); // signs the folder: model.sig
        try (InputStream in = getClass().getResourceAsStream("/data/iris.csv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",");
                rows.add(new double[] {Double.parseDouble(cells[0]), Double.parseDouble(cells[1]), Double.parseDouble(cells[2]),
                    Double.parseDouble(cells[3])});
                labels.add(Integer.parseInt(cells[4]));
            }
        }
    }

    @Test
    void theProfileGoesIntoModelJsonAndThePackageStillVerifies() throws Exception {
        Path data = csv("train.csv", "sepal_length,sepal_width,petal_length,petal_width", rows);
        // one-hot outputs stand in for the model's probabilities on these rows
        Path outputs = csv("outputs.csv", null, labels.stream().map(l -> new double[] {l == 0 ? 1 : 0, l == 1 ? 1 : 0, l == 2 ? 1 : 0}).toList());

        int status = mgpack("reference", fixture.folder.toString(), "--data", data.toString(), "--outputs", outputs.toString(),
                "--key", fixture.keyFile.toString());

        assertThat(status).as(text(err)).isZero();
        assertThat(text(out)).contains("reference of 150 rows written", "input 'features' 4 features", "output 'probabilities' 3 classes",
                "signed by key");
        Map<?, ?> json = (Map<?, ?>) StrictJson.read(Files.readAllBytes(fixture.folder.resolve("model.json")));
        assertThat(json.get("labels")).as("the rest of model.json is kept").isEqualTo(List.of("setosa", "versicolor", "virginica"));
        ReferenceProfile reference = ReferenceProfile.parse(json.get("reference"));
        TensorProfile input = reference.inputs().get("features");
        assertThat(input.features()).extracting(FeatureProfile::name).containsExactly("sepal_length", "sepal_width", "petal_length", "petal_width");
        assertThat(input.features().get(2).quantiles()[50]).isEqualTo(4.35);
        assertThat(input.features().get(0).mean()).isCloseTo(5.843333, org.assertj.core.api.Assertions.within(1e-6));
        TensorProfile output = reference.outputs().get("probabilities");
        assertThat(output.predictions().labels()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(output.predictions().counts()).containsExactly(50, 50, 50);

        UnpackedModel unpacked = fixture.unpack(fixture.pack());
        assertThat(Files.readString(unpacked.folder().resolve("model.json"))).isEqualTo(Files.readString(fixture.folder.resolve("model.json")));
    }

    @Test
    void withoutOutputsAnOnnxModelIsRunOnTheRowsWithOnnxRuntime() throws Exception {
        Files.write(fixture.folder.resolve("model.onnx"), SoftmaxOnnx.model(4));
        Files.writeString(fixture.folder.resolve("model.json"), MODEL_JSON.replace("\"shape\":[-1,3]", "\"shape\":[-1,4]")
                .replace("\"probabilities\"", "\"output\""));

        int status = mgpack("reference", fixture.folder.toString(), "--data", csv("train.csv", null, rows).toString(),
                "--key", fixture.keyFile.toString());

        assertThat(status).as(text(err)).isZero();
        assertThat(text(out)).contains("output 'output' 4 classes (computed by running model.onnx with ONNX Runtime)");
        TensorProfile output = ReferenceProfile.parse(((Map<?, ?>) StrictJson.read(Files.readAllBytes(fixture.folder.resolve("model.json"))))
                .get("reference")).outputs().get("output");
        // softmax of (sepal length, sepal width, petal length, petal width): sepal length is the largest on every iris row
        assertThat(output.predictions().counts()).containsExactly(150, 0, 0, 0);
        double[] first = rows.get(0);
        double sum = 0;
        for (double v : first) {
            sum += Math.exp(v);
        }
        assertThat(output.confidence().max()).isGreaterThanOrEqualTo(Math.exp(first[0]) / sum - 1e-6);
        assertThat(output.confidence().max()).isLessThanOrEqualTo(1.0);
    }

    @Test
    void aModelOnnxRuntimeCannotRunIsRefusedSayingToGiveTheOutputs() throws Exception {
        // the fixture's model.onnx is random bytes
        int status = mgpack("reference", fixture.folder.toString(), "--data", csv("train.csv", null, rows).toString(),
                "--key", fixture.keyFile.toString());

        assertThat(status).isEqualTo(PackingTool.REFUSED);
        assertThat(text(err)).contains("ONNX Runtime cannot run").hasLineCount(1);
    }

    @Test
    void aNumpyFileGivesTheSameProfileAsTheCsv() throws Exception {
        Files.write(fixture.folder.resolve("model.onnx"), SoftmaxOnnx.model(4));
        Path npy = base.resolve("train.npy");
        Files.write(npy, float64Npy(rows));
        assertThat(mgpack("reference", fixture.folder.toString(), "--data", npy.toString(), "--key", fixture.keyFile.toString()))
                .as(text(err)).isZero();
        TensorProfile input = ReferenceProfile.parse(((Map<?, ?>) StrictJson.read(Files.readAllBytes(fixture.folder.resolve("model.json"))))
                .get("reference")).inputs().get("features");
        assertThat(input.features()).extracting(FeatureProfile::name).containsExactly("f0", "f1", "f2", "f3");
        assertThat(input.features().get(2).quantiles()[50]).isEqualTo(4.35);
    }

    @Test
    void aSignedFolderIsNotChangedWithoutTheKeyToSignItAgain() throws Exception {
        String before = Files.readString(fixture.folder.resolve("model.json"));
        int status = mgpack("reference", fixture.folder.toString(), "--data", csv("train.csv", null, rows).toString());

        assertThat(status).isEqualTo(PackingTool.REFUSED);
        assertThat(text(err)).contains("is signed (model.sig): give --key").hasLineCount(1);
        assertThat(Files.readString(fixture.folder.resolve("model.json"))).isEqualTo(before);
    }

    @Test
    void dataThatDoesNotFitIsRefusedWithOneLineSayingWhere() throws Exception {
        Path bad = base.resolve("bad.csv");
        Files.writeString(bad, "a,b,c,d\n1,2,3,4\n1,2,x,4\n");
        assertThat(mgpack("reference", fixture.folder.toString(), "--data", bad.toString(), "--key", fixture.keyFile.toString()))
                .isEqualTo(PackingTool.REFUSED);
        assertThat(text(err)).contains("bad.csv line 3 column 3: 'x' is not a number").hasLineCount(1);

        err.reset();
        Path narrow = csv("narrow.csv", null, List.of(new double[] {1, 2, 3}, new double[] {4, 5, 6}));
        assertThat(mgpack("reference", fixture.folder.toString(), "--data", narrow.toString(), "--key", fixture.keyFile.toString()))
                .isEqualTo(PackingTool.REFUSED);
        assertThat(text(err)).contains("model.json declares input 'features' with 4 features, the data rows have 3");

        err.reset();
        assertThat(mgpack("reference", fixture.folder.toString(), "--key", fixture.keyFile.toString())).isEqualTo(PackingTool.USAGE);
        assertThat(text(err)).contains("option --data is required", "usage: mgpack reference <folder> --data");
    }

    private Path csv(String name, String header, List<double[]> values) throws Exception {
        StringBuilder text = new StringBuilder(header == null ? "" : header + "\n");
        for (double[] row : values) {
            for (int i = 0; i < row.length; i++) {
                text.append(i == 0 ? "" : ",").append(row[i]);
            }
            text.append('\n');
        }
        return Files.writeString(base.resolve(name), text);
    }

    /** A version 1.0 .npy file of float64 values, little-endian, C order. */
    private static byte[] float64Npy(List<double[]> values) {
        String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + values.size() + ", " + values.get(0).length + "), }";
        int padded = ((10 + header.length() + 1 + 63) / 64) * 64 - 10;
        header = header + " ".repeat(padded - header.length() - 1) + "\n";
        ByteBuffer buffer = ByteBuffer.allocate(10 + padded + values.size() * values.get(0).length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0).putShort((short) padded);
        buffer.put(header.getBytes(StandardCharsets.US_ASCII));
        values.forEach(row -> {
            for (double v : row) {
                buffer.putDouble(v);
            }
        });
        return buffer.array();
    }

    private int mgpack(String... args) {
        return Mgpack.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
