package org.modelgate.backend.djl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.modelgate.api.DataType;
import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;
import org.modelgate.spi.LoadedModel;

/**
 * Every {@link DataType} DJL's OnnxRuntime engine carries (all but INT16) goes into DJL as an NDArray and comes back
 * unchanged, through an Identity model: a matrix, a scalar and a tensor with a zero-size dimension, from heap and
 * direct buffers.
 */
class DataTypeRoundTripTest {
    private static final String[] WORDS = {"", "gateway", "ünïcödé ✓", "two words", "日本語"};

    @TempDir
    Path folder;

    private final DjlBackend backend = TestBackends.singleThreaded();
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
        return Stream.of(DataType.values()).filter(Engines.ONNX::carries).flatMap(type -> Stream.of(
                Arguments.of(type, "matrix", new Long[] {OnnxGraphs.DYNAMIC, 3L}, new long[] {2, 3}, false),
                Arguments.of(type, "direct matrix", new Long[] {OnnxGraphs.DYNAMIC, 3L}, new long[] {4, 3}, true),
                Arguments.of(type, "scalar", new Long[] {}, new long[] {}, false),
                Arguments.of(type, "zero-size", new Long[] {OnnxGraphs.DYNAMIC, 3L}, new long[] {0, 3}, false)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyTypeAndShape")
    void aTensorComesBackUnchanged(DataType type, String kind, Long[] graphDims, long[] shape, boolean direct)
            throws Exception {
        Path file = OnnxGraphs.identity(folder.resolve(type + ".onnx"), OnnxGraphs.onnxType(type), graphDims);
        model = backend.load(TestBackends.onnx("identity-" + type, file));
        givenAnInput(type, shape, direct);

        outputs = model.run(List.of(input), Set.of());

        assertThat(model.inputs()).singleElement().extracting(TensorSpec::dataType).isEqualTo(type);
        assertThat(outputs).hasSize(1);
        Tensor output = outputs.get(0);
        assertThat(output.dataType()).isEqualTo(type);
        assertThat(output.shape()).containsExactly(shape);
        assertThat(output).isEqualTo(input.withName("y"));
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
}
