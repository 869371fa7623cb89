package org.modelgate.oip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.Tensor;

/**
 * Feature: request-level "parameters" are read as plain values, response-level ones written after the outputs; a
 * response without parameters is written exactly as before.
 */
class RequestParametersTest {
    private static final String INPUTS = "\"inputs\":[{\"name\":\"x\",\"shape\":[1,2],\"datatype\":\"FP32\",\"data\":[1,2],"
            + "\"parameters\":{\"ignored\":true}}]";

    @Test
    void requestParametersAreReadAsPlainValues() {
        OipRequest read = OipCodec.readInferRequest("{" + INPUTS + ",\"parameters\":{\"top_k\":3,\"confidence\":true,"
                + "\"explain\":false,\"threshold\":0.5,\"tags\":[\"a\",{\"b\":null}]}}");

        assertThat(read.parameters()).containsEntry("top_k", 3L).containsEntry("confidence", true)
                .containsEntry("explain", false).containsEntry("threshold", 0.5);
        assertThat(read.parameters().get("tags")).isEqualTo(List.of("a", java.util.Collections.singletonMap("b", null)));
        assertThat(read.request().inputs().get(0).toFloatArray()).containsExactly(1f, 2f);
    }

    @Test
    void parametersBeforeTheInputsAreReadToo() {
        OipRequest read = OipCodec.readInferRequest("{\"parameters\":{\"top_k\":1}," + INPUTS + "}");

        assertThat(read.parameters()).containsExactly(Map.entry("top_k", 1L));
    }

    @Test
    void aRequestWithoutParametersHasNone() {
        assertThat(OipCodec.readInferRequest("{" + INPUTS + "}").parameters()).isEmpty();
        assertThat(OipCodec.readInferRequest("{" + INPUTS + ",\"parameters\":null}").parameters()).isEmpty();
    }

    @Test
    void parametersThatAreNotAnObjectAreRefused() {
        assertThatThrownBy(() -> OipCodec.readInferRequest("{" + INPUTS + ",\"parameters\":[1]}"))
                .isInstanceOf(InvalidInputException.class).hasMessage("\"parameters\" must be an object such as "
                        + "{\"top_k\": 3}, got an array");
        assertThatThrownBy(() -> OipCodec.readInferRequest("{" + INPUTS + ",\"parameters\":{\"a\":1,\"a\":2}}"))
                .isInstanceOf(InvalidInputException.class).hasMessage("parameter 'a' is given twice");
    }

    @Test
    void aResponseWithoutParametersIsByteForByteTheOldOne() throws Exception {
        InferenceResponse response = new InferenceResponse("iris", "1.0.0", "r1",
                List.of(Tensor.ofFloats("output", new long[] {1, 3}, 0.1f, 0.7f, 0.2f)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        OipCodec.writeResponse(response, Map.of(), out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(OipCodec.toJson(response));
    }

    @Test
    void responseParametersFollowTheOutputs() throws Exception {
        InferenceResponse response = new InferenceResponse("iris", "1.0.0", null,
                List.of(Tensor.ofFloats("output", new long[] {1, 2}, 0.25f, 0.75f)));
        Map<String, Object> parameters = new LinkedHashMap<>();
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("label", "b");
        top.put("index", 1);
        top.put("score", 0.75);
        parameters.put("top_k", List.of(top));
        parameters.put("confidence", Map.of("max", 0.75));
        parameters.put("odd", Double.NaN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        OipCodec.writeResponse(response, parameters, out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"model_name\":\"iris\",\"model_version\":\"1.0.0\","
                + "\"outputs\":[{\"name\":\"output\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[0.25,0.75]}],"
                + "\"parameters\":{\"top_k\":[{\"label\":\"b\",\"index\":1,\"score\":0.75}],\"confidence\":{\"max\":0.75},"
                + "\"odd\":\"NaN\"}}");
    }
}
