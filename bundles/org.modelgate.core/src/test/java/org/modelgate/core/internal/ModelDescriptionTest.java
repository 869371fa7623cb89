package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.DataType;
import org.modelgate.api.ModelState;

/**
 * Feature: model.json describes the model beyond its file: the inputs and outputs it must have, hints
 * for placing it on hardware, and the reference statistics drift is measured against.
 */
class ModelDescriptionTest {
    private static final String HEAD = "{\"name\":\"m\",\"version\":\"1.0.0\",\"format\":\"affine\",\"file\":\"model.bin\"";

    @TempDir
    Path root;
    private RegistryHarness gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
    }

    @Test
    void aFullDescriptionIsReadWithItsSchemaHintsAndReference() throws Exception {
        ModelDescriptor d = read(HEAD + ",\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1,2]}],"
                + "\"outputs\":[{\"name\":\"y\",\"datatype\":\"fp32\",\"shape\":[-1,2]}],"
                + "\"hints\":{\"accelerators\":[\"cuda\",\"cpu\"],\"precision\":\"fp16\",\"minMemoryMB\":256},"
                + "\"reference\":{\"count\":120,\"inputs\":{\"x\":{\"mean\":[1.5,2],\"std\":[0.5,1]}}}}");

        assertThat(d.schema().inputs()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("x");
            assertThat(s.dataType()).isEqualTo(DataType.FP32);
            assertThat(s.shape()).containsExactly(-1, 2);
        });
        assertThat(d.hints()).containsEntry("accelerators", List.of("cuda", "cpu")).containsEntry("precision", "fp16")
                .containsKey("minMemoryMB");
        assertThat(d.reference().count()).isEqualTo(120);
        assertThat(d.reference().tensors().get("x").get("std")).containsExactly(0.5, 1.0);
    }

    @Test
    void aFullReferenceProfileIsAcceptedAndItsMomentsRead() throws Exception {
        ModelDescriptor d = read(HEAD + ",\"reference\":{\"count\":3,\"inputs\":{\"x\":{\"features\":[\"a\"],\"mean\":[2],"
                + "\"std\":[0.8],\"min\":[1],\"max\":[3],\"quantiles\":[[1,2,3]],"
                + "\"histogram\":[{\"edges\":[1,2,3],\"counts\":[1,2]}],\"categories\":[{\"values\":[1,2,3],\"counts\":[1,1,1]}]}},"
                + "\"outputs\":{\"y\":{\"mean\":[0.5,0.5],\"predictions\":{\"labels\":[\"p\",\"q\"],\"counts\":[2,1]},"
                + "\"confidence\":{\"count\":3,\"mean\":0.9}}}}}");

        assertThat(d.reference().count()).isEqualTo(3);
        assertThat(d.reference().tensors().get("x")).containsOnlyKeys("mean", "std", "min", "max");
        assertThat(d.reference().tensors().get("y").get("mean")).containsExactly(0.5, 0.5);
    }

    @Test
    void aDescriptionWithoutTheOptionalPartsIsStillAModel() throws Exception {
        ModelDescriptor d = read(HEAD + "}");
        assertThat(d.schema()).isEqualTo(new ModelSchema(List.of(), List.of()));
        assertThat(d.hints()).isEmpty();
        assertThat(d.reference().isPresent()).isFalse();
    }

    @Test
    void malformedPartsAreRefusedWithWhereAndWhat() {
        Map.of(
                ",\"inputs\":{\"x\":1}", "\"inputs\" must be a list of {\"name\", \"datatype\", \"shape\"}",
                ",\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP33\",\"shape\":[1]}]", "inputs[0]: \"datatype\" datatype 'FP33' is not supported",
                ",\"outputs\":[{\"name\":\"y\",\"datatype\":\"FP32\",\"shape\":[1.5]}]", "outputs[0]: shape [1.5] must hold whole numbers",
                ",\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1]},{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1]}]", "inputs[1]: 'x' is declared twice",
                ",\"hints\":{\"accelerators\":[1]}", "hint \"accelerators\" must be a string, number, boolean or list of strings",
                ",\"reference\":{\"inputs\":{\"x\":{\"mean\":[1,2],\"std\":[1]}}}", "\"reference\".inputs.x.std has 1 values, the others 2",
                ",\"reference\":{\"inputs\":{\"x\":{\"median\":[1]}}}", "unknown statistic 'median'",
                ",\"reference\":{\"drift\":1}", "\"reference\": unknown key 'drift'")
                .forEach((part, reason) -> assertThatThrownBy(() -> read(HEAD + part + "}"))
                        .as(part).isInstanceOf(ModelDescriptor.InvalidDescriptorException.class).hasMessageContaining(reason));
    }

    @Test
    void aDescriptionTheStrictJsonReaderRefusesIsInvalidSayingWhatAndWhere() {
        Map.of(
                HEAD + ",\"version\":\"2.0.0\"}", "is not valid JSON: duplicate key \"version\" at line 1 column",
                HEAD + ",\"hints\":{\"x\":" + "[".repeat(70) + "]".repeat(70) + "}}", "nesting depth (65) exceeds the maximum allowed (64)",
                HEAD + ",\"hints\":{\"minMemoryMB\":1e400}}", "the number 1e400 is beyond the range of a double",
                HEAD + ",\"hints\":{\"minMemoryMB\":" + "1".repeat(101) + "}}", "Number value length (101) exceeds the maximum allowed (100)")
                .forEach((json, reason) -> assertThatThrownBy(() -> read(json)).as(reason)
                        .isInstanceOf(ModelDescriptor.InvalidDescriptorException.class).hasMessageContaining(reason));
    }

    @Test
    void aModelFileThatDisagreesWithItsDeclarationFailsWithBothSidesNamed() {
        ModelRepositoryFixture models = new ModelRepositoryFixture(root);
        models.model("agrees", "1.0.0", HEAD.replace("\"m\"", "\"agrees\"")
                + ",\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2]}]}", "model.bin", "scale=1");
        models.model("renamed", "1.0.0", HEAD.replace("\"m\"", "\"renamed\"")
                + ",\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[-1,2]}]}", "model.bin", "scale=1");
        models.model("retyped", "1.0.0", HEAD.replace("\"m\"", "\"retyped\"")
                + ",\"outputs\":[{\"name\":\"y\",\"datatype\":\"FP64\",\"shape\":[-1,2]}]}", "model.bin", "scale=1");
        models.model("reshaped", "1.0.0", HEAD.replace("\"m\"", "\"reshaped\"")
                + ",\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1,3]}]}", "model.bin", "scale=1");

        gateway = new RegistryHarness();
        gateway.bind(new AffineBackend());
        gateway.start(root, true);
        for (String name : List.of("agrees", "renamed", "retyped", "reshaped")) {
            gateway.awaitModel(name, m -> m.state() != ModelState.LOADING);
        }

        assertThat(gateway.registry.model("agrees").orElseThrow().isReady()).as("a fixed batch of 1 fits the model's free one").isTrue();
        assertThat(gateway.registry.model("renamed").orElseThrow().reason())
                .contains("model.json declares input 'features', the model file has inputs [x]");
        assertThat(gateway.registry.model("retyped").orElseThrow().reason())
                .contains("model.json declares output 'y' as FP64[-1,2], the model file has FP32[-1,2]");
        assertThat(gateway.registry.model("reshaped").orElseThrow().state()).isEqualTo(ModelState.FAILED);
    }

    private ModelDescriptor read(String json) throws Exception {
        Path folder = Files.createDirectories(root.resolve("staged"));
        Files.writeString(folder.resolve("model.json"), json);
        return ModelDescriptor.readStaged(folder);
    }
}
