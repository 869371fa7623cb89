package org.modelgate.optimize.minilm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import ai.onnx.proto.OnnxMl.TensorProto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelState;
import org.modelgate.backend.onnxruntime.internal.OnnxRuntimeBackend;
import org.modelgate.optimize.graph.OnnxModelFile;
import org.modelgate.optimize.tool.ExitCode;
import org.modelgate.optimize.tool.Mgopt;
import org.modelgate.spi.InferenceBackend;

/**
 * all-MiniLM-L6-v2 converted by {@code mgopt fp16} loads on the gateway's registry with the ONNX Runtime backend and
 * passes the golden samples the folder was written with (the check every version runs before it serves).
 */
class Fp16MiniLmGoldenTest {
    @TempDir
    Path dir;

    @Test
    void givenMiniLmInFloat16ByMgopt_whenLoadedOnTheOnnxRuntimeBackend_thenItPassesItsGoldenSamples() throws Exception {
        Path original = MiniLmFixture.writeFolder(dir.resolve("original"), 0.001);

        Path half = whenConvertedToFloat16(original, dir.resolve("repository/minilm/1.0.1"));

        assertThat(OnnxModelFile.read(half.resolve("model.onnx")).getGraph().getInitializerList())
                .anyMatch(t -> t.getDataType() == TensorProto.DataType.FLOAT16_VALUE);
        ModelInfo info = QuantizedMiniLmGoldenTest.thenTheRegistryServesIt(dir.resolve("repository"), backend());
        assertThat(info.state()).as(String.valueOf(info.reason())).isEqualTo(ModelState.READY);
        assertThat(info.version()).isEqualTo("1.0.1");
    }

    private static Path whenConvertedToFloat16(Path original, Path out) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(text, true, StandardCharsets.UTF_8);
        int status = Mgopt.run(List.of("fp16", original.toString(), "--out", out.toString(), "--version", "1.0.1",
                "--runs", "2", "--warmup", "1"), print, print);
        assertThat(status).as(text.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCode.OK);
        return out;
    }

    /** The gateway's ONNX Runtime backend with its defaults, as SCR would activate it. */
    private static InferenceBackend backend() throws Exception {
        for (var constructor : OnnxRuntimeBackend.class.getDeclaredConstructors()) {
            if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0].isAnnotation()) {
                constructor.setAccessible(true);
                Class<?> type = constructor.getParameterTypes()[0];
                Object defaults = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                        (proxy, method, args) -> method.getName().equals("annotationType") ? type : method.getDefaultValue());
                return (InferenceBackend) constructor.newInstance(defaults);
            }
        }
        throw new IllegalStateException("OnnxRuntimeBackend has no constructor taking its Config");
    }
}
