package org.modelgate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.modelgate.api.DataType;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelState;
import org.modelgate.api.Tensor;
import org.modelgate.itests.support.Gateway;
import org.modelgate.itests.support.Json;
import org.modelgate.itests.support.MiniLm;
import org.modelgate.itests.support.OipClient;
import org.modelgate.itests.support.Parity;
import org.modelgate.itests.support.Platform;
import org.modelgate.itests.support.TestModels;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/**
 * Feature: the gateway computes exactly what ONNX Runtime computes.
 *
 * <p>all-MiniLM-L6-v2 in fp32 and int8, served by core + onnxruntime backend in Felix, must give the
 * same floats, bit for bit, as a raw {@code OrtSession} the test creates on the same file, both through
 * the {@code InferenceService} and through OIP REST, where every FP32 written as JSON text must read
 * back to the identical float.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MiniLmParityIT {
    private static final String FP32 = "minilm";
    private static final String INT8 = "minilm-int8";
    private static final Map<String, Map<String, MiniLm.Output>> REFERENCE = new ConcurrentHashMap<>();

    @Inject
    private BundleContext context;

    private Gateway gateway;
    private Path repository;

    @Configuration
    public Option[] config() {
        Path repository = TestModels.emptyRepository(MiniLmParityIT.class);
        TestModels.addOnnxModel(repository, FP32, "1.0.0", TestModels.MINILM_FP32);
        TestModels.addOnnxModel(repository, INT8, "1.0.0", TestModels.MINILM_INT8);
        return options(
                Platform.felix(MiniLmParityIT.class),
                Platform.core(),
                Platform.onnxRuntime(),
                Platform.rest(Platform.freePort()),
                systemProperty(TestModels.REPOSITORY).value(repository.toString()));
    }

    @Before
    public void givenBothModelsServing() {
        gateway = new Gateway(context);
        repository = Path.of(System.getProperty(TestModels.REPOSITORY));
        gateway.configureRegistry(repository, FP32, INT8);
        gateway.awaitModel(FP32, ModelState.READY);
        gateway.awaitModel(INT8, ModelState.READY);
    }

    @Test
    public void fp32ThroughInferenceServiceIsBitIdenticalToRawOrt() throws Exception {
        thenInferenceServiceMatchesRawOrt(FP32);
    }

    @Test
    public void int8ThroughInferenceServiceIsBitIdenticalToRawOrt() throws Exception {
        thenInferenceServiceMatchesRawOrt(INT8);
    }

    @Test
    public void fp32ThroughRestIsBitIdenticalToRawOrt() throws Exception {
        thenRestMatchesRawOrt(FP32);
    }

    @Test
    public void int8ThroughRestIsBitIdenticalToRawOrt() throws Exception {
        thenRestMatchesRawOrt(INT8);
    }

    @Test
    public void modelsAreServedByTheOnnxRuntimeBackend() {
        for (String model : List.of(FP32, INT8)) {
            ModelInfo info = gateway.registry().model(model).orElseThrow();
            assertEquals(model + " backend", "onnxruntime", info.backend());
            assertEquals(model + " version", "1.0.0", info.version());
            assertEquals(model + " inputs", MiniLm.INPUTS, info.inputs().stream().map(s -> s.name()).toList());
            info.inputs().forEach(spec -> assertEquals(spec.name(), DataType.INT64, spec.dataType()));
        }
    }

    private void thenInferenceServiceMatchesRawOrt(String model) throws Exception {
        Map<String, MiniLm.Output> reference = reference(model);

        InferenceResponse response = gateway.inference().infer(model, MiniLm.request());

        assertEquals("served version", "1.0.0", response.version());
        assertEquals("output names", List.copyOf(reference.keySet()), response.outputs().stream().map(Tensor::name).toList());
        for (Map.Entry<String, MiniLm.Output> expected : reference.entrySet()) {
            Tensor actual = response.output(expected.getKey());
            assertEquals(expected.getKey() + " datatype", DataType.FP32, actual.dataType());
            Parity.assertBitIdentical(model + " " + expected.getKey() + " via InferenceService", expected.getValue().shape(),
                    expected.getValue().values(), actual.shape(), actual.toFloatArray());
        }
    }

    @SuppressWarnings("unchecked")
    private void thenRestMatchesRawOrt(String model) throws Exception {
        Map<String, MiniLm.Output> reference = reference(model);
        OipClient client = new OipClient();
        client.awaitServing("/v2/health/live");

        OipClient.Reply reply = client.post("/v2/models/" + model + "/infer", MiniLm.oipRequest());

        assertEquals("status of " + reply, 200, reply.status());
        assertTrue("content type of " + reply, reply.contentType().startsWith("application/json"));
        Map<String, Object> body = reply.json();
        assertEquals("model_name", model, body.get("model_name"));
        assertEquals("id echoed", "itest", body.get("id"));
        List<Map<String, Object>> outputs = (List<Map<String, Object>>) body.get("outputs");
        assertEquals("output names", List.copyOf(reference.keySet()), outputs.stream().map(o -> o.get("name")).toList());
        for (Map<String, Object> output : outputs) {
            MiniLm.Output expected = reference.get((String) output.get("name"));
            assertEquals(output.get("name") + " datatype", "FP32", output.get("datatype"));
            long[] shape = Json.flatNumbers(output.get("shape")).stream().mapToLong(Json.Number::toLong).toArray();
            List<Json.Number> data = Json.flatNumbers(output.get("data"));
            float[] values = new float[data.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = data.get(i).toFloat();
            }
            Parity.assertBitIdentical(model + " " + output.get("name") + " via REST JSON", expected.shape(),
                    expected.values(), shape, values);
        }
    }

    /** The raw ONNX Runtime outputs on the same file, computed once per model. */
    private Map<String, MiniLm.Output> reference(String model) throws Exception {
        Map<String, MiniLm.Output> outputs = REFERENCE.get(model);
        if (outputs == null) {
            assertEquals("the test's ONNX Runtime classes come from the ORT API bundle, as the backend's do",
                    "ai.onnxruntime", FrameworkUtil.getBundle(ai.onnxruntime.OrtSession.class).getSymbolicName());
            outputs = MiniLm.runRaw(repository.resolve(model).resolve("1.0.0").resolve("model.onnx"));
            assertFalse("the raw session gives outputs", outputs.isEmpty());
            for (Map.Entry<String, MiniLm.Output> output : outputs.entrySet()) {
                Parity.assertNotConstant(model + " raw " + output.getKey(), output.getValue().values());
            }
            REFERENCE.put(model, outputs);
        }
        return outputs;
    }
}
