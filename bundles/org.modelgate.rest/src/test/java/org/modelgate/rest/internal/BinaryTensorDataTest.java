package org.modelgate.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.modelgate.api.DataType;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.Tensor;
import org.modelgate.json.StrictJson;
import org.modelgate.oip.OipCodec;

/**
 * Feature: Triton's binary tensor data extension over real HTTP (Jetty), against Identity graphs run by the real
 * ONNX Runtime backend: binary and JSON requests give identical outputs for every datatype; binary and JSON inputs
 * mix; outputs come back as binary only where asked; bodies that do not add up are refused with a clear 400 and the
 * server keeps serving; curl speaks it too.
 */
class BinaryTensorDataTest {
    private static final String[] WORDS = {"", "gateway", "ünïcödé ✓", "two words", "日本語", "a\"quote\\"};

    @TempDir
    static Path folder;
    private static OipServerFixture server;
    private static IdentityModels models;

    private Tensor input;
    private HttpResponse<String> jsonReply;
    private HttpResponse<byte[]> binaryReply;

    @BeforeAll
    static void startServer() throws Exception {
        server = new OipServerFixture(RestConfig.DEFAULT_MAX_REQUEST_BYTES);
        models = new IdentityModels(folder);
        server.servlet.inference = models;
        server.servlet.registry = models;
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
        models.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DataType.class)
    void binaryAndJsonRequestsGiveIdenticalOutputs(DataType type) throws Exception {
        givenAnInput(type, 4);

        whenInferringAsJson("identity-" + type);
        whenInferringAsBinary("identity-" + type, "{\"inputs\":[" + binaryInput(input) + "],"
                + "\"parameters\":{\"binary_data_output\":true}}", raw(input));

        assertThat(jsonReply.statusCode()).as(jsonReply.body()).isEqualTo(200);
        thenTheBinaryReplyIsBinary();
        Tensor viaJson = jsonOutputs(jsonReply.body()).get(0);
        Tensor viaBinary = binaryOutput(binaryReply, "y", type, input.shape());
        assertThat(viaJson.dataType()).isEqualTo(type);
        assertSameElements(viaJson, input);
        assertSameElements(viaBinary, input);
    }

    @Test
    void binaryAndJsonInputsMixAndOnlyTheAskedOutputsComeBackBinary() throws Exception {
        Tensor x = Tensor.ofFloats("x", new long[] {3}, 1.5f, -0.25f, 1e30f);

        whenInferringAsBinary("pair", "{\"id\":\"mixed\",\"inputs\":[" + binaryInput(x)
                + ",{\"name\":\"n\",\"shape\":[2],\"datatype\":\"INT64\",\"data\":[7,-9000000000]}],"
                + "\"outputs\":[{\"name\":\"y\",\"parameters\":{\"binary_data\":true}},{\"name\":\"m\"}]}", raw(x));

        thenTheBinaryReplyIsBinary();
        Map<String, Object> header = header(binaryReply);
        assertThat(header).containsEntry("id", "mixed");
        Map<String, Object> m = outputNamed(header, "m");
        assertThat(m).doesNotContainKey("parameters");
        assertThat(((List<?>) m.get("data")).stream().map(v -> ((Number) v).longValue())).containsExactly(7L, -9000000000L);
        Map<String, Object> y = outputNamed(header, "y");
        assertThat(y).doesNotContainKey("data").containsKey("parameters");
        assertThat(((Number) ((Map<?, ?>) y.get("parameters")).get("binary_data_size")).intValue()).isEqualTo(12);
        assertThat(binaryOutput(binaryReply, "y", DataType.FP32, new long[] {3}).toFloatArray())
                .containsExactly(1.5f, -0.25f, 1e30f);
    }

    @Test
    void aChunkedBinaryBodyWithoutContentLengthIsServedAndAsksNoBinaryOutputsSoTheAnswerIsJson() throws Exception {
        givenAnInput(DataType.INT32, 3);
        whenInferringAsJson("identity-INT32");
        String header = "{\"inputs\":[" + binaryInput(input) + "]}";
        byte[] body = body(header, raw(input));

        HttpResponse<String> chunked = server.postChunked("/v2/models/identity-INT32/infer",
                () -> new java.io.ByteArrayInputStream(body), "Content-Type", "application/octet-stream",
                "Inference-Header-Content-Length", String.valueOf(header.getBytes(StandardCharsets.UTF_8).length));

        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(200);
        assertThat(chunked.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(chunked.body()).isEqualTo(jsonReply.body());
    }

    @Test
    void aHeaderLengthLargerThanTheBodyIsRefusedAndTheServerKeepsServing() throws Exception {
        givenAnInput(DataType.FP32, 2);
        byte[] body = body("{\"inputs\":[" + binaryInput(input) + "]}", raw(input));

        binaryReply = server.postBytes("/v2/models/identity-FP32/infer", body,
                "Content-Type", "application/octet-stream", "Inference-Header-Content-Length", "5000");

        thenTheErrorIs(400, "Inference-Header-Content-Length 5000 is larger than the body (" + body.length
                + " bytes); it gives the length of the JSON header, which the tensor bytes follow");
        thenTheServerStillServes();
    }

    @Test
    void aBinarySizeThatDoesNotMatchTheShapeIsRefused() throws Exception {
        givenAnInput(DataType.FP32, 2);

        whenInferringAsBinary("identity-FP32", "{\"inputs\":[{\"name\":\"x\",\"shape\":[2,3],\"datatype\":\"FP32\","
                + "\"parameters\":{\"binary_data_size\":20}}]}", java.util.Arrays.copyOf(raw(input), 20));

        thenTheErrorIs(400, "input 'x': binary_data_size 20 does not fit FP32[2,3], which needs 24 bytes");
        thenTheServerStillServes();
    }

    @Test
    void aTruncatedBodyIsRefused() throws Exception {
        givenAnInput(DataType.FP32, 2);

        whenInferringAsBinary("identity-FP32", "{\"inputs\":[" + binaryInput(input) + "]}",
                java.util.Arrays.copyOf(raw(input), 12));

        thenTheErrorIs(400, "input 'x': binary_data_size 24 goes past the end of the body (12 bytes of binary data left "
                + "after the inputs before it); the body is truncated or the size is wrong");
        thenTheServerStillServes();
    }

    @Test
    void curlSendsAndReceivesBinaryTensors() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed at /usr/bin/curl");
        givenAnInput(DataType.FP32, 2);
        String header = "{\"inputs\":[" + binaryInput(input) + "],\"parameters\":{\"binary_data_output\":true}}";
        Path request = Files.write(folder.resolve("request.bin"), body(header, raw(input)));
        Path headers = folder.resolve("headers.txt");
        Path reply = folder.resolve("reply.bin");

        Process curl = new ProcessBuilder("/usr/bin/curl", "-s", "-D", headers.toString(), "-o", reply.toString(),
                "-H", "Content-Type: application/octet-stream",
                "-H", "Inference-Header-Content-Length: " + header.getBytes(StandardCharsets.UTF_8).length,
                "--data-binary", "@" + request, "http://127.0.0.1:" + server.port() + "/v2/models/identity-FP32/infer")
                .redirectErrorStream(true).start();
        assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(curl.exitValue()).isZero();
        String head = Files.readString(headers);
        assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("Content-Type: application/octet-stream");
        int headerLength = Integer.parseInt(head.lines().filter(l -> l.toLowerCase().startsWith("inference-header-content-length:"))
                .findFirst().orElseThrow().split(":")[1].trim());
        byte[] body = Files.readAllBytes(reply);
        assertThat(java.util.Arrays.copyOfRange(body, headerLength, body.length)).containsExactly(raw(input));
    }

    private void givenAnInput(DataType type, int rows) {
        Random random = new Random(type.ordinal() * 31L + rows);
        int count = rows * 3;
        long[] shape = {rows, 3};
        switch (type) {
            case BYTES: {
                String[] words = new String[count];
                for (int i = 0; i < count; i++) {
                    words[i] = WORDS[i % WORDS.length];
                }
                input = Tensor.ofStrings("x", shape, words);
                return;
            }
            case FP32: {
                float[] values = new float[count];
                for (int i = 0; i < count; i++) {
                    values[i] = (random.nextFloat() - 0.5f) * (float) Math.pow(10, random.nextInt(20) - 10);
                }
                input = Tensor.ofFloats("x", shape, values);
                return;
            }
            case FP64: {
                double[] values = new double[count];
                for (int i = 0; i < count; i++) {
                    values[i] = random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
                }
                input = Tensor.ofDoubles("x", shape, values);
                return;
            }
            case FP16:
            case BF16: {
                float[] values = new float[count];
                for (int i = 0; i < count; i++) {
                    values[i] = (random.nextFloat() - 0.5f) * 100;
                }
                input = Tensor.ofHalfFloats("x", type, shape, values);
                return;
            }
            default: {
                byte[] bytes = new byte[count * type.byteSize()];
                random.nextBytes(bytes);
                if (type == DataType.BOOL) {
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] &= 1;
                    }
                }
                input = Tensor.of("x", type, shape, ByteBuffer.wrap(bytes));
            }
        }
    }

    private void whenInferringAsJson(String model) throws Exception {
        // the request's inputs written as the codec writes outputs: {"name","datatype","shape","data"}
        String tensors = OipCodec.toJson(new InferenceResponse(model, null, null, List.of(input)));
        jsonReply = server.post("/v2/models/" + model + "/infer",
                "{\"inputs\":" + tensors.substring(tensors.indexOf('[', tensors.indexOf("\"outputs\""))));
    }

    private void whenInferringAsBinary(String model, String header, byte[] raw) throws Exception {
        binaryReply = server.postBytes("/v2/models/" + model + "/infer", body(header, raw),
                "Content-Type", "application/octet-stream",
                "Inference-Header-Content-Length", String.valueOf(header.getBytes(StandardCharsets.UTF_8).length));
    }

    private void thenTheBinaryReplyIsBinary() {
        assertThat(binaryReply.statusCode()).as(new String(binaryReply.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(binaryReply.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(binaryReply.headers().firstValue("Inference-Header-Content-Length")).isPresent();
        assertThat(binaryReply.headers().firstValueAsLong("Content-Length")).hasValue(binaryReply.body().length);
    }

    private void thenTheErrorIs(int status, String message) {
        String body = new String(binaryReply.body(), StandardCharsets.UTF_8);
        assertThat(binaryReply.statusCode()).as(body).isEqualTo(status);
        assertThat(binaryReply.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(body).isEqualTo(OipCodec.errorJson(message));
    }

    private void thenTheServerStillServes() throws Exception {
        givenAnInput(DataType.FP32, 1);
        whenInferringAsBinary("identity-FP32", "{\"inputs\":[" + binaryInput(input) + "],"
                + "\"parameters\":{\"binary_data_output\":true}}", raw(input));
        thenTheBinaryReplyIsBinary();
        assertSameElements(binaryOutput(binaryReply, "y", DataType.FP32, input.shape()), input);
    }

    private static String binaryInput(Tensor tensor) {
        long[] shape = tensor.shape();
        StringBuilder dims = new StringBuilder();
        for (long dim : shape) {
            dims.append(dims.length() == 0 ? "" : ",").append(dim);
        }
        return "{\"name\":\"" + tensor.name() + "\",\"shape\":[" + dims + "],\"datatype\":\"" + tensor.dataType()
                + "\",\"parameters\":{\"binary_data_size\":" + raw(tensor).length + "}}";
    }

    /** The tensor's bytes as a Triton client sends them: little-endian; BYTES as 4-byte length + UTF-8. */
    private static byte[] raw(Tensor tensor) {
        if (tensor.dataType().isFixedSize()) {
            ByteBuffer buffer = tensor.buffer();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String word : tensor.strings()) {
            byte[] utf8 = word.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
            out.writeBytes(utf8);
        }
        return out.toByteArray();
    }

    private static byte[] body(String header, byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(raw);
        return out.toByteArray();
    }

    /** A JSON response's outputs, read back as tensors (an output is written like a request's input). */
    private static List<Tensor> jsonOutputs(String json) {
        return OipCodec.readRequest(json.replace("\"outputs\":", "\"inputs\":")).inputs();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> header(HttpResponse<byte[]> reply) {
        int length = Integer.parseInt(reply.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        try {
            return (Map<String, Object>) StrictJson.read(java.util.Arrays.copyOf(reply.body(), length));
        } catch (org.modelgate.json.JsonDocumentException e) {
            throw new AssertionError("the binary reply's header is not JSON: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> outputNamed(Map<String, Object> header, String name) {
        for (Object output : (List<Object>) header.get("outputs")) {
            if (name.equals(((Map<String, Object>) output).get("name"))) {
                return (Map<String, Object>) output;
            }
        }
        throw new AssertionError("no output " + name + " in " + header);
    }

    /** Reads one binary output the way a Triton client does: its bytes follow the header in the outputs' order. */
    @SuppressWarnings("unchecked")
    private static Tensor binaryOutput(HttpResponse<byte[]> reply, String name, DataType type, long[] shape) {
        Map<String, Object> header = header(reply);
        int at = Integer.parseInt(reply.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        for (Object o : (List<Object>) header.get("outputs")) {
            Map<String, Object> output = (Map<String, Object>) o;
            Object parameters = output.get("parameters");
            if (parameters == null) {
                continue;
            }
            int size = ((Number) ((Map<String, Object>) parameters).get("binary_data_size")).intValue();
            if (name.equals(output.get("name"))) {
                assertThat(output).containsEntry("datatype", type.name());
                ByteBuffer bytes = ByteBuffer.wrap(reply.body(), at, size).slice().order(ByteOrder.LITTLE_ENDIAN);
                return type.isFixedSize() ? Tensor.of(name, type, shape, bytes) : Tensor.ofStrings(name, shape, strings(bytes));
            }
            at += size;
        }
        throw new AssertionError("no binary output " + name + " in " + header);
    }

    private static String[] strings(ByteBuffer bytes) {
        List<String> words = new ArrayList<>();
        while (bytes.hasRemaining()) {
            byte[] word = new byte[bytes.getInt()];
            bytes.get(word);
            words.add(new String(word, StandardCharsets.UTF_8));
        }
        return words.toArray(new String[0]);
    }

    private static void assertSameElements(Tensor actual, Tensor expected) {
        assertThat(actual.shape()).containsExactly(expected.shape());
        assertThat(actual.dataType()).isEqualTo(expected.dataType());
        if (expected.dataType().isFixedSize()) {
            assertThat(raw(actual)).containsExactly(raw(expected));
        } else {
            assertThat(actual.strings()).containsExactly(expected.strings());
        }
    }
}
