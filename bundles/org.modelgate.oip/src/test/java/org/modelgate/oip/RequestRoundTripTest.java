package org.modelgate.oip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.modelgate.api.DataType;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.Tensor;

/**
 * Feature: a tensor written by the codec reads back as the same tensor, for every datatype and shape.
 */
class RequestRoundTripTest {
    private Tensor written;
    private String json;
    private InferenceRequest read;

    @ParameterizedTest
    @EnumSource(DataType.class)
    void everyDataTypeSurvivesWritingAndReadingBack(DataType dataType) {
        givenTensor(Samples.of(dataType, "x", new long[] {2, 3}));
        whenWrittenAsOutputAndReadAsInput();
        thenTheInputEqualsTheTensor();
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void scalarsSurviveForEveryDataType(DataType dataType) {
        givenTensor(Samples.of(dataType, "s", new long[0]));
        whenWrittenAsOutputAndReadAsInput();
        thenTheInputEqualsTheTensor();
        assertThat(json).contains("\"shape\":[]");
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void zeroSizeTensorsSurviveForEveryDataType(DataType dataType) {
        givenTensor(Samples.of(dataType, "empty", new long[] {2, 0, 3}));
        whenWrittenAsOutputAndReadAsInput();
        thenTheInputEqualsTheTensor();
        assertThat(json).contains("\"shape\":[2,0,3],\"data\":[]");
    }

    @Test
    void extremeIntegersSurvive() {
        givenTensor(Tensor.ofLongs("big", new long[] {2}, Long.MIN_VALUE, Long.MAX_VALUE));
        whenWrittenAsOutputAndReadAsInput();
        thenTheInputEqualsTheTensor();
        assertThat(json).contains("[-9223372036854775808,9223372036854775807]");
    }

    @Test
    void nonFiniteFloatsAreWrittenAsStringsAndReadBack() {
        givenTensor(Tensor.ofFloats("f", new long[] {4}, Float.NaN, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, -0.0f));
        whenWrittenAsOutputAndReadAsInput();
        assertThat(json).contains("\"data\":[\"NaN\",\"Infinity\",\"-Infinity\",-0.0]");
        thenTheInputEqualsTheTensor();
    }

    @Test
    void nonFiniteHalfFloatsAndDoublesSurvive() {
        givenTensor(Tensor.ofHalfFloats("h", DataType.FP16, new long[] {3}, Float.NaN, Float.POSITIVE_INFINITY, 65504f));
        whenWrittenAsOutputAndReadAsInput();
        thenTheInputEqualsTheTensor();
        givenTensor(Tensor.ofDoubles("d", new long[] {2}, Double.NEGATIVE_INFINITY, Double.MIN_VALUE));
        whenWrittenAsOutputAndReadAsInput();
        thenTheInputEqualsTheTensor();
    }

    @Test
    void stringsWithQuotesEscapesAndUnicodeSurvive() {
        givenTensor(Tensor.ofStrings("text", new long[] {3}, "say \"hi\"\n", "\u00e9t\u00e9 \ud83d\ude00", ""));
        whenWrittenAsOutputAndReadAsInput();
        thenTheInputEqualsTheTensor();
    }

    @Test
    void floatsKeepEveryBit() {
        givenTensor(Tensor.ofFloats("f", new long[] {4}, 0.1f, 1.0e-45f, Float.MAX_VALUE, 3.4028233e38f));
        whenWrittenAsOutputAndReadAsInput();
        thenTheInputEqualsTheTensor();
    }

    @Test
    void responsesCarryVersionAndIdAndLeaveThemOutWhenAbsent() {
        Tensor output = Tensor.ofInts("y", new long[] {1}, 7);
        String full = OipCodec.toJson(new InferenceResponse("iris", "1.2.0", "req-1", List.of(output)));
        String bare = OipCodec.toJson(new InferenceResponse("iris", null, null, List.of(output)));
        assertThat(full).isEqualTo("{\"model_name\":\"iris\",\"model_version\":\"1.2.0\",\"id\":\"req-1\","
                + "\"outputs\":[{\"name\":\"y\",\"datatype\":\"INT32\",\"shape\":[1],\"data\":[7]}]}");
        assertThat(bare).isEqualTo("{\"model_name\":\"iris\","
                + "\"outputs\":[{\"name\":\"y\",\"datatype\":\"INT32\",\"shape\":[1],\"data\":[7]}]}");
    }

    private void givenTensor(Tensor tensor) {
        written = tensor;
    }

    private void whenWrittenAsOutputAndReadAsInput() {
        String response = OipCodec.toJson(new InferenceResponse("m", null, null, List.of(written)));
        String prefix = "{\"model_name\":\"m\",\"outputs\":";
        assertThat(response).startsWith(prefix);
        json = "{\"inputs\":" + response.substring(prefix.length());
        read = OipCodec.readRequest(json);
    }

    private void thenTheInputEqualsTheTensor() {
        assertThat(read.inputs()).containsExactly(written);
        assertThat(read.inputs().get(0).shape()).isEqualTo(written.shape());
        assertThat(read.inputs().get(0).dataType()).isEqualTo(written.dataType());
    }
}
