package org.modelgate.optimize.minilm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelState;
import org.modelgate.backend.onnxruntime.internal.OnnxRuntimeBackend;
import org.modelgate.core.internal.ModelRegistryService;
import org.modelgate.optimize.graph.OnnxModelFile;
import org.modelgate.optimize.tool.ExitCode;
import org.modelgate.optimize.tool.Mgopt;
import org.modelgate.spi.InferenceBackend;

/**
 * all-MiniLM-L6-v2 quantized by {@code mgopt quantize} loads on the gateway's registry with the ONNX Runtime backend
 * and passes its golden samples there (the check every version runs before it serves). Another backend runs the
 * same check by handing its {@link InferenceBackend} to {@link #thenTheRegistryServesIt}.
 */
class QuantizedMiniLmGoldenTest {
    @TempDir
    Path dir;

    @Test
    void givenMiniLmQuantizedByMgopt_whenLoadedOnTheOnnxRuntimeBackend_thenItPassesItsGoldenSamples() throws Exception {
        Path original = MiniLmFixture.writeFolder(dir.resolve("original"), 0.001);

        Path quantized = whenQuantized(original, dir.resolve("repository/minilm/1.0.1"));

        assertThat(OnnxModelFile.read(quantized.resolve("model.onnx")).getGraph().getNodeList())
                .filteredOn(n -> n.getOpType().equals("MatMulInteger")).hasSize(36);
        ModelInfo info = thenTheRegistryServesIt(dir.resolve("repository"), backend());
        assertThat(info.state()).as(String.valueOf(info.reason())).isEqualTo(ModelState.READY);
        assertThat(info.version()).isEqualTo("1.0.1");
    }

    @Test
    void givenTheQuantizedFileWithFp32GoldenSamples_whenLoaded_thenTheGoldenCheckRefusesIt() throws Exception {
        // the check is real: fp32's outputs at a tight tolerance are not what 8-bit weights give
        Path original = MiniLmFixture.writeFolder(dir.resolve("original"), 0.0001);
        Path quantized = whenQuantized(original, dir.resolve("int8"));
        Path version = Files.createDirectories(dir.resolve("repository/minilm/1.0.1"));
        Files.copy(quantized.resolve("model.onnx"), version.resolve("model.onnx"));
        Files.writeString(version.resolve("model.json"), Files.readString(original.resolve("model.json"))
                .replace("\"version\" : \"1.0.0\"", "\"version\" : \"1.0.1\""));

        ModelInfo info = thenTheRegistryServesIt(dir.resolve("repository"), backend());

        assertThat(info.state()).isEqualTo(ModelState.FAILED);
        assertThat(info.reason()).contains("golden");
    }

    private static Path whenQuantized(Path original, Path out) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(text, true, StandardCharsets.UTF_8);
        int status = Mgopt.run(List.of("quantize", original.toString(), "--out", out.toString(), "--version", "1.0.1",
                "--runs", "2", "--warmup", "1"), print, print);
        assertThat(status).as(text.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCode.OK);
        return out;
    }

    /** The gateway's ONNX Runtime backend, activated with its defaults as SCR would. */
    private static InferenceBackend backend() throws Exception {
        for (var constructor : OnnxRuntimeBackend.class.getDeclaredConstructors()) {
            if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0].isAnnotation()) {
                constructor.setAccessible(true);
                return (InferenceBackend) constructor.newInstance(config(constructor.getParameterTypes()[0], Map.of()));
            }
        }
        throw new IllegalStateException("OnnxRuntimeBackend has no constructor taking its Config");
    }

    /**
     * The registry over {@code repository} with one backend loads the model "minilm": schema, warm-up and golden samples.
     *
     * @param repository the model repository
     * @param backend the backend to run it on
     * @return the model's state after the load
     * @throws Exception when the registry cannot be started
     */
    static ModelInfo thenTheRegistryServesIt(Path repository, InferenceBackend backend) throws Exception {
        ModelRegistryService registry = new ModelRegistryService();
        call(registry, "addBackend", 2, backend, Map.of("service.id", 1L));
        Method activate = ModelRegistryService.class.getDeclaredMethod("activate",
                Class.forName("org.modelgate.core.internal.RegistryConfig"));
        activate.setAccessible(true);
        activate.invoke(registry, config(activate.getParameterTypes()[0], Map.of("repository", repository.toString(),
                "autoload", false)));
        try {
            try {
                registry.load("minilm");
            } catch (RuntimeException e) {
                // a failed load is recorded on the model: its state and reason are what the caller asserts
            }
            return registry.model("minilm").orElseThrow();
        } finally {
            try {
                registry.unload("minilm");
            } catch (RuntimeException e) {
                // not loaded: nothing to unload
            }
        }
    }

    private static void call(Object target, String name, int parameters, Object... args) throws Exception {
        for (Method m : target.getClass().getDeclaredMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == parameters) {
                m.setAccessible(true);
                m.invoke(target, args);
                return;
            }
        }
        throw new IllegalStateException(target.getClass() + " has no method " + name);
    }

    private static Object config(Class<?> type, Map<String, Object> properties) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("annotationType")) {
                return type;
            }
            Object value = properties.get(method.getName());
            return value != null ? value : method.getDefaultValue();
        });
    }
}
