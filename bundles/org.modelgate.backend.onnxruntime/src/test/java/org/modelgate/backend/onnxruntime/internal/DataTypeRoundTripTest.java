package org.modelgate.backend.onnxruntime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.modelgate.api.DataType;
import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;
import org.modelgate.spi.LoadedModel;

/**
 * Every {@link DataType} goes into ONNX Runtime and comes back unchanged, through an Identity model:
 * a matrix, a scalar and a tensor with a zero-size dimension, from heap and from direct buffers.
 */
class DataTypeRoundTripTest {
    private static final String[] WORDS = {"", "gateway", "ünïcödé ✓", "two words", "a\u0000b", "日本語"};

    @TempDir
    Path folder;

    private final OnnxRuntimeBackend backend = TestBackends.singleThreaded();
    private LoadedModel model;
    private Tensor input;
    private List<Tensor> outputs;

    @AfterEach
    void unload() {
        if (model != null) {
            model.close();
        }
    }

    static Stream<Arguments> everyTypeAndShape() {
        return Stream.of(DataType.values()).flatMap(type -> Stream.of(
                Arguments.of(type, "matrix", new Long[] {OnnxGraphs.DYNAMIC, 3L}, new long[] {2, 3}),
                Arguments.of(type, "scalar", new Long[] {}, new long[] {}),
                Arguments.of(type, "zero-size", new Long[] {OnnxGraphs.DYNAMIC, 3L}, new long[] {0, 3})));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyTypeAndShape")
    void aTensorComesBackUnchanged(DataType type, String kind, Long[] graphDims, long[] shape) throws Exception {
        givenAnIdentityModel(type, graphDims);
        givenAnInput(type, shape, false);

        whenRunning();

        thenTheModelDescribesItsInputAs(type, graphDims);
        thenTheOutputEqualsTheInput(type, shape);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixedSizeTypes")
    void aDirectBufferIsFedAsIs(DataType type) throws Exception {
        givenAnIdentityModel(type, new Long[] {OnnxGraphs.DYNAMIC, 3L});
        givenAnInput(type, new long[] {4, 3}, true);

        whenRunning();

        thenTheOutputEqualsTheInput(type, new long[] {4, 3});
    }

    static Stream<DataType> fixedSizeTypes() {
        return Stream.of(DataType.values()).filter(DataType::isFixedSize);
    }

    @Test
    void outputsOfTypesModelgateCannotCarryAreLeftOut() throws Exception {
        model = backend.load(TestBackends.artifact("two-outputs",
                OnnxGraphs.identityAndUint16(folder.resolve("two-outputs.onnx"))));
        input = Tensor.ofFloats("x", new long[] {2}, 1.5f, -2f);

        whenRunning();

        assertThat(model.outputs()).containsExactly(new TensorSpec("y", DataType.FP32, new long[] {-1}));
        assertThat(outputs).hasSize(1);
        assertThat(outputs.get(0).toFloatArray()).containsExactly(1.5f, -2f);
    }

    private void givenAnIdentityModel(DataType type, Long[] graphDims) throws Exception {
        Path file = OnnxGraphs.identity(folder.resolve(type + ".onnx"), OnnxGraphs.onnxType(type), graphDims);
        model = backend.load(TestBackends.artifact("identity-" + type, file));
    }

    private void givenAnInput(DataType type, long[] shape, boolean direct) {
        int count = 1;
        for (long dim : shape) {
            count *= (int) dim;
        }
        if (type == DataType.BYTES) {
            String[] values = new String[count];
            for (int i = 0; i < count; i++) {
                values[i] = WORDS[i % WORDS.length];
            }
            input = Tensor.ofStrings("x", shape, values);
            return;
        }
        byte[] bytes = new byte[count * type.byteSize()];
        new Random(type.ordinal() + 31L * count).nextBytes(bytes);
        if (type == DataType.BOOL) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (bytes[i] & 1);
            }
        }
        ByteBuffer data = direct ? ByteBuffer.allocateDirect(bytes.length) : ByteBuffer.allocate(bytes.length);
        data.order(ByteOrder.LITTLE_ENDIAN).put(bytes).flip();
        input = Tensor.of("x", type, shape, data);
    }

    private void whenRunning() {
        outputs = model.run(List.of(input), Set.of());
    }

    private void thenTheModelDescribesItsInputAs(DataType type, Long[] graphDims) {
        long[] expected = new long[graphDims.length];
        for (int i = 0; i < graphDims.length; i++) {
            expected[i] = graphDims[i] == null ? TensorSpec.DYNAMIC : graphDims[i];
        }
        assertThat(model.inputs()).containsExactly(new TensorSpec("x", type, expected));
        assertThat(model.outputs()).containsExactly(new TensorSpec("y", type, expected));
    }

    private void thenTheOutputEqualsTheInput(DataType type, long[] shape) {
        assertThat(outputs).hasSize(1);
        Tensor output = outputs.get(0);
        assertThat(output.name()).isEqualTo("y");
        assertThat(output.dataType()).isEqualTo(type);
        assertThat(output.shape()).containsExactly(shape);
        assertThat(output).isEqualTo(input.withName("y"));
        if (type == DataType.BYTES) {
            assertThat(output.strings()).containsExactly(input.strings());
        } else {
            assertThat(output.buffer().remaining()).isEqualTo(input.elementCount() * type.byteSize());
        }
    }
}
