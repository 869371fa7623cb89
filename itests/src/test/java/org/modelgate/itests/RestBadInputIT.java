package org.modelgate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.modelgate.api.ModelState;
import org.modelgate.itests.support.Gateway;
import org.modelgate.itests.support.Json;
import org.modelgate.itests.support.MiniLm;
import org.modelgate.itests.support.OipClient;
import org.modelgate.itests.support.Platform;
import org.modelgate.itests.support.TestModels;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * Feature: the OIP REST endpoints answer every client mistake with a 4xx and an {@code {"error"}} body
 * that says what is wrong, never a stack trace, and keep serving good requests afterwards; and they
 * answer health, metadata and repository requests as the Open Inference Protocol / Triton specs say.
 *
 * <p>Runs the real REST, OIP codec, core and onnxruntime backend in Felix with all-MiniLM-L6-v2 int8
 * ("minilm") and a model whose file is not ONNX ("broken").
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RestBadInputIT {
    private static final String MODEL = "minilm";
    private static final String BROKEN = "broken";
    private static final String INFER = "/v2/models/" + MODEL + "/infer";
    private static final long MAX_REQUEST_BYTES = 64 * 1024;
    /** A frame of a Java stack trace, or a fully qualified exception class name. */
    private static final Pattern INTERNALS = Pattern.compile(
            "\\bat [\\w$]+(\\.[\\w$]+)+\\([\\w$]+\\.java:\\d+\\)|\\b[a-z]+(\\.[a-z]\\w*)+\\.\\w*(Exception|Error)\\b");

    @Inject
    private BundleContext context;

    private Gateway gateway;
    private OipClient client;

    @Configuration
    public Option[] config() {
        Path repository = TestModels.emptyRepository(RestBadInputIT.class);
        TestModels.addOnnxModel(repository, MODEL, "1.0.0", TestModels.MINILM_INT8);
        TestModels.addCorruptOnnxModel(repository, BROKEN, "1.0.0");
        return options(
                Platform.felix(RestBadInputIT.class),
                Platform.core(),
                Platform.onnxRuntime(),
                Platform.rest(Platform.freePort()),
                systemProperty(TestModels.REPOSITORY).value(repository.toString()));
    }

    @Before
    public void givenRestServingMiniLm() {
        gateway = new Gateway(context);
        gateway.configure("org.modelgate.rest", Map.of("maxRequestBytes", MAX_REQUEST_BYTES));
        gateway.configureRegistry(Path.of(System.getProperty(TestModels.REPOSITORY)), MODEL, BROKEN);
        gateway.awaitModel(MODEL, ModelState.READY);
        client = new OipClient();
        client.awaitServing("/v2/health/live");
        thenGoodRequestSucceeds();
    }

    // ---- client mistakes ----

    @Test
    public void malformedJsonIsRejected() {
        OipClient.Reply reply = client.post(INFER, "{\"inputs\": [{\"name\": \"input_ids\", \"shape\": [2,");

        thenClientError(reply, 400);
        thenGoodRequestSucceeds();
    }

    @Test
    public void unknownModelIsNotFound() {
        OipClient.Reply reply = client.post("/v2/models/no-such-model/infer", MiniLm.oipRequest());

        thenClientError(reply, 404, "no-such-model");
        thenGoodRequestSucceeds();
    }

    @Test
    public void wrongDatatypeIsRejectedNamingTheInput() {
        String body = requestWithInputIds(MiniLm.oipInput("input_ids", "INT32", MiniLm.SHAPE, MiniLm.values("input_ids")));

        OipClient.Reply reply = client.post(INFER, body);

        thenClientError(reply, 400, "input_ids", "INT64", "INT32");
        thenGoodRequestSucceeds();
    }

    @Test
    public void wrongRankIsRejectedNamingTheInput() {
        String body = requestWithInputIds(MiniLm.oipInput("input_ids", "INT64", new long[] {32}, MiniLm.values("input_ids")));

        OipClient.Reply reply = client.post(INFER, body);

        thenClientError(reply, 400, "input_ids");
        thenGoodRequestSucceeds();
    }

    @Test
    public void inputsOfDifferentSequenceLengthsAreRejected() {
        long[] shortShape = {2, 8};
        String body = requestWithInputIds(MiniLm.oipInput("input_ids", "INT64", shortShape,
                Arrays.copyOf(MiniLm.values("input_ids"), 16)));

        OipClient.Reply reply = client.post(INFER, body);

        thenClientError(reply, 400, MODEL);
        thenGoodRequestSucceeds();
    }

    @Test
    public void elementCountNotMatchingTheShapeIsRejected() {
        long[] values = Arrays.copyOf(MiniLm.values("input_ids"), 31);
        String body = requestWithInputIds(MiniLm.oipInput("input_ids", "INT64", MiniLm.SHAPE, values));

        OipClient.Reply reply = client.post(INFER, body);

        thenClientError(reply, 400, "input_ids");
        thenGoodRequestSucceeds();
    }

    @Test
    public void missingInputsAreRejectedNamingThem() {
        OipClient.Reply reply = client.post(INFER, MiniLm.oipRequest(List.of("input_ids")));

        thenClientError(reply, 400, "attention_mask", "token_type_ids");
        thenGoodRequestSucceeds();
    }

    @Test
    public void bodyOverTheLimitIsTooLarge() {
        byte[] body = padded(MiniLm.oipRequest(), (int) MAX_REQUEST_BYTES + 1024).getBytes(StandardCharsets.UTF_8);

        // the Content-Length must be enough to refuse it: only its first KiB is sent (Jetty dispatches a
        // request once some content is there), the answer must come without the rest
        OipClient.Reply reply = client.postPartially(INFER, "Content-Length: " + body.length, Arrays.copyOf(body, 1024));

        thenClientError(reply, 413);
        thenGoodRequestSucceeds();
    }

    @Test
    public void chunkedBodyOverTheLimitIsTooLarge() {
        byte[] body = padded(MiniLm.oipRequest(), (int) MAX_REQUEST_BYTES + 1).getBytes(StandardCharsets.UTF_8);

        // one chunk just over the limit, no closing chunk: the limit must be enforced while reading
        byte[] head = (Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] chunked = new byte[head.length + body.length + 2];
        System.arraycopy(head, 0, chunked, 0, head.length);
        System.arraycopy(body, 0, chunked, head.length, body.length);
        chunked[chunked.length - 2] = '\r';
        chunked[chunked.length - 1] = '\n';
        OipClient.Reply reply = client.postPartially(INFER, "Transfer-Encoding: chunked", chunked);

        thenClientError(reply, 413);
        thenGoodRequestSucceeds();
    }

    @Test
    public void loadingACorruptModelFileFailsClearly() {
        OipClient.Reply reply = client.post("/v2/repository/models/" + BROKEN + "/load", "");

        thenClientError(reply, 400, BROKEN, "ONNX");
        assertEquals("broken model state", ModelState.FAILED, gateway.registry().model(BROKEN).orElseThrow().state());
        thenGoodRequestSucceeds();
    }

    @Test
    public void loadingAnUnknownModelIsNotFound() {
        OipClient.Reply reply = client.post("/v2/repository/models/no-such-model/load", "");

        thenClientError(reply, 404, "no-such-model");
        thenGoodRequestSucceeds();
    }

    // ---- what the specs say ----

    @Test
    public void serverIsLiveAndReady() {
        assertEquals("GET /v2/health/live", 200, client.get("/v2/health/live").status());
        OipClient.Reply ready = client.get("/v2/health/ready");
        assertEquals("GET /v2/health/ready: " + ready, 200, ready.status());
    }

    @Test
    public void modelReadinessFollowsTheModelState() {
        assertEquals("ready model", 200, client.get("/v2/models/" + MODEL + "/ready").status());
        assertEquals("failed model", 503, client.get("/v2/models/" + BROKEN + "/ready").status());
        thenClientError(client.get("/v2/models/no-such-model/ready"), 404, "no-such-model");
    }

    @Test
    @SuppressWarnings("unchecked")
    public void modelMetadataDescribesInputsAndOutputs() {
        OipClient.Reply reply = client.get("/v2/models/" + MODEL);

        assertEquals("status of " + reply, 200, reply.status());
        Map<String, Object> metadata = reply.json();
        assertEquals("name", MODEL, metadata.get("name"));
        assertEquals("versions", List.of("1.0.0"), metadata.get("versions"));
        assertTrue("platform given: " + metadata, metadata.get("platform") instanceof String);
        List<Map<String, Object>> inputs = (List<Map<String, Object>>) metadata.get("inputs");
        assertEquals("input names", MiniLm.INPUTS, inputs.stream().map(i -> i.get("name")).toList());
        for (Map<String, Object> input : inputs) {
            assertEquals(input.get("name") + " datatype", "INT64", input.get("datatype"));
            long[] shape = Json.flatNumbers(input.get("shape")).stream().mapToLong(Json.Number::toLong).toArray();
            assertEquals(input.get("name") + " rank", 2, shape.length);
            assertTrue(input.get("name") + " dimensions are dynamic: " + Arrays.toString(shape), shape[0] == -1 && shape[1] == -1);
        }
        List<Map<String, Object>> outputs = (List<Map<String, Object>>) metadata.get("outputs");
        assertFalse("outputs listed", outputs.isEmpty());
        outputs.forEach(output -> assertEquals(output.get("name") + " datatype", "FP32", output.get("datatype")));
        thenClientError(client.get("/v2/models/no-such-model"), 404, "no-such-model");
    }

    @Test
    @SuppressWarnings("unchecked")
    public void repositoryIndexListsEveryModelWithItsState() {
        OipClient.Reply reply = client.post("/v2/repository/index", "{}");

        assertEquals("status of " + reply, 200, reply.status());
        List<Map<String, Object>> index = (List<Map<String, Object>>) Json.parse(reply.body());
        assertEquals("models listed", Set.of(MODEL, BROKEN), Set.copyOf(index.stream().map(m -> m.get("name")).toList()));
        Map<String, Object> minilm = entry(index, MODEL);
        assertEquals(MODEL + " state", "READY", minilm.get("state"));
        assertEquals(MODEL + " version", "1.0.0", minilm.get("version"));
        Map<String, Object> broken = entry(index, BROKEN);
        assertEquals(BROKEN + " state", "UNAVAILABLE", broken.get("state"));
        assertTrue(BROKEN + " reason given: " + broken, broken.get("reason") instanceof String s && !s.isBlank());

        OipClient.Reply readyOnly = client.post("/v2/repository/index", "{\"ready\": true}");
        assertEquals("status of " + readyOnly, 200, readyOnly.status());
        List<Map<String, Object>> ready = (List<Map<String, Object>>) Json.parse(readyOnly.body());
        assertEquals("ready models", List.of(MODEL), ready.stream().map(m -> m.get("name")).toList());
    }

    // ---- steps ----

    // ---- binary tensor data, statistics, configuration (issue 15) ----

    @Test
    public void binaryTensorDataGivesTheSameOutputsAsJson() {
        StringBuilder inputs = new StringBuilder();
        java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocate(3 * 32 * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (String name : List.of("input_ids", "attention_mask", "token_type_ids")) {
            inputs.append(inputs.length() == 0 ? "" : ",").append("{\"name\":\"").append(name)
                    .append("\",\"shape\":[2,16],\"datatype\":\"INT64\",\"parameters\":{\"binary_data_size\":256}}");
            for (long value : MiniLm.values(name)) {
                raw.putLong(value);
            }
        }
        OipClient.Reply json = client.post(INFER, MiniLm.oipRequest());

        OipClient.BinaryReply binary = client.postBinary(INFER, "{\"inputs\":[" + inputs + "],"
                + "\"parameters\":{\"binary_data_output\":true}}", raw.array());

        assertEquals("binary reply: " + binary.header(), 200, binary.status());
        assertEquals("application/octet-stream", binary.contentType());
        Map<String, Object> header = Json.object(binary.header());
        @SuppressWarnings("unchecked")
        Map<String, Object> output = (Map<String, Object>) ((List<Object>) header.get("outputs")).get(0);
        @SuppressWarnings("unchecked")
        int size = (int) ((Json.Number) ((Map<String, Object>) output.get("parameters")).get("binary_data_size")).toLong();
        assertEquals("the body is the header and the output's bytes", binary.headerLength() + size, binary.body().length);
        @SuppressWarnings("unchecked")
        List<Json.Number> values = Json.flatNumbers(((Map<String, Object>) ((List<Object>) json.json().get("outputs")).get(0)).get("data"))
                .stream().map(Json.Number.class::cast).toList();
        java.nio.ByteBuffer floats = java.nio.ByteBuffer.wrap(binary.body(), binary.headerLength(), size).slice()
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(values.size() * 4, size);
        for (int i = 0; i < values.size(); i++) {
            assertEquals("element " + i, values.get(i).toFloat(), floats.getFloat(i * 4), 0f);
        }
    }

    @Test
    public void binarySizesThatDoNotFitTheShapeAreRejectedNamingTheInput() {
        OipClient.BinaryReply reply = client.postBinary(INFER, "{\"inputs\":[{\"name\":\"input_ids\",\"shape\":[2,16],"
                + "\"datatype\":\"INT64\",\"parameters\":{\"binary_data_size\":100}}]}", new byte[100]);

        thenClientError(new OipClient.Reply(reply.status(), reply.contentType(), reply.header()), 400, "input_ids",
                "binary_data_size 100", "256 bytes");
        thenGoodRequestSucceeds();
    }

    @Test
    public void statisticsAndConfigurationAreServed() {
        thenGoodRequestSucceeds();

        OipClient.Reply stats = client.get("/v2/models/" + MODEL + "/stats");
        OipClient.Reply config = client.get("/v2/models/" + MODEL + "/config");
        OipClient.Reply server = client.get("/v2");

        assertEquals("stats: " + stats, 200, stats.status());
        assertTrue("a success counted: " + stats, stats.body().contains("\"name\":\"minilm\",\"version\":\"1.0.0\""));
        assertFalse("not zero successes: " + stats, stats.body().contains("\"success\":{\"count\":0,"));
        assertEquals("config: " + config, 200, config.status());
        assertTrue(config.body(), config.body().contains("\"platform\":\"onnxruntime_onnx\""));
        assertTrue(config.body(), config.body().contains("{\"name\":\"input_ids\",\"data_type\":\"TYPE_INT64\",\"dims\":[-1,-1]}"));
        assertTrue(server.body(), server.body().contains(
                "\"extensions\":[\"binary_tensor_data\",\"statistics\",\"model_configuration\",\"model_repository\"]"));
    }

    private void thenGoodRequestSucceeds() {
        OipClient.Reply reply = client.post(INFER, MiniLm.oipRequest());
        assertEquals("a good request: " + reply, 200, reply.status());
        assertEquals("model_name", MODEL, reply.json().get("model_name"));
    }

    private static void thenClientError(OipClient.Reply reply, int status, String... mentioned) {
        assertEquals("status of " + reply, status, reply.status());
        assertTrue("JSON content type: " + reply, reply.contentType().startsWith("application/json"));
        Map<String, Object> body = reply.json();
        assertEquals("an error object and nothing else: " + reply, Set.of("error"), body.keySet());
        String error = (String) body.get("error");
        assertFalse("error message given: " + reply, error == null || error.isBlank());
        assertFalse("no stack trace or exception class in " + reply, INTERNALS.matcher(reply.body()).find());
        for (String word : mentioned) {
            assertTrue("error names '" + word + "': " + error, error.contains(word));
        }
    }

    private static String requestWithInputIds(String inputIds) {
        return "{\"inputs\": [" + inputIds + ", "
                + MiniLm.oipInput("attention_mask", "INT64", MiniLm.SHAPE, MiniLm.values("attention_mask")) + ", "
                + MiniLm.oipInput("token_type_ids", "INT64", MiniLm.SHAPE, MiniLm.values("token_type_ids")) + "]}";
    }

    /** A valid request made larger with whitespace, so only its size is wrong. */
    private static String padded(String json, int size) {
        return json.substring(0, json.length() - 1) + " ".repeat(Math.max(0, size - json.length())) + "}";
    }

    private static Map<String, Object> entry(List<Map<String, Object>> index, String name) {
        return index.stream().filter(m -> name.equals(m.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no index entry for " + name + " in " + index));
    }
}
