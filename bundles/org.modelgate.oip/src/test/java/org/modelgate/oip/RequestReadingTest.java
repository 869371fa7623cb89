package org.modelgate.oip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.modelgate.api.DataType;
import org.modelgate.api.HalfFloats;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.Tensor;

/**
 * Feature: request bodies as clients write them (nested data, any member order, extras) are read.
 */
class RequestReadingTest {
    private String body;
    private InferenceRequest request;

    @Test
    void nestedDataIsReadRowMajor() {
        givenBody("{\"inputs\":[{\"name\":\"x\",\"shape\":[2,2],\"datatype\":\"FP32\",\"data\":[[1,2],[3.5,4]]}]}");
        whenRead();
        thenInput("x").isEqualTo(Tensor.ofFloats("x", new long[] {2, 2}, 1f, 2f, 3.5f, 4f));
    }

    @Test
    void deeplyNestedAndFlatDataGiveTheSameTensor() {
        givenBody("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,2,2],\"datatype\":\"INT64\",\"data\":[[[1,2],[3,4]]]}]}");
        whenRead();
        Tensor nested = request.inputs().get(0);
        givenBody("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,2,2],\"datatype\":\"INT64\",\"data\":[1,2,3,4]}]}");
        whenRead();
        assertThat(request.inputs().get(0)).isEqualTo(nested);
        assertThat(nested.toLongArray()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void dataBeforeNameAndDatatypeIsStillRead() {
        givenBody("{\"inputs\":[{\"data\":[0.5, \"NaN\", 2e3],\"shape\":[3],\"datatype\":\"FP64\",\"name\":\"late\"}]}");
        whenRead();
        thenInput("late").isEqualTo(Tensor.ofDoubles("late", new long[] {3}, 0.5, Double.NaN, 2000.0));
    }

    @Test
    void idOutputsAndParametersAreReadOrSkipped() {
        givenBody("{\"id\":\"42\",\"parameters\":{\"binary_data_output\":false,\"x\":[1,{\"y\":2}]},"
                + "\"inputs\":[{\"name\":\"a\",\"shape\":[1],\"datatype\":\"BOOL\",\"data\":[true],"
                + "\"parameters\":{\"content_type\":\"str\"}}],"
                + "\"outputs\":[{\"name\":\"p\",\"parameters\":{\"classification\":2}},{\"name\":\"q\"}]}");
        whenRead();
        assertThat(request.id()).isEqualTo("42");
        assertThat(request.outputs()).containsExactlyInAnyOrder("p", "q");
        thenInput("a").isEqualTo(Tensor.ofBooleans("a", new long[] {1}, true));
    }

    @Test
    void halfFloatsAreRoundedToNearestEven() {
        givenBody("{\"inputs\":[{\"name\":\"h\",\"shape\":[2],\"datatype\":\"FP16\",\"data\":[0.1, 70000]},"
                + "{\"name\":\"b\",\"shape\":[1],\"datatype\":\"BF16\",\"data\":[1.00390625]}]}");
        whenRead();
        Tensor half = request.inputs().get(0);
        assertThat(half.buffer().getShort(0)).isEqualTo(HalfFloats.floatToFp16(0.1f));
        assertThat(half.getDouble(1)).isEqualTo(Double.POSITIVE_INFINITY);
        // 1 + 2^-8 is halfway between two bfloat16 values: ties go to the even one, 1.0.
        assertThat(request.inputs().get(1).getDouble(0)).isEqualTo(1.0);
    }

    @Test
    void integralFloatsAreAcceptedForIntegerTypesAndBooleansAsZeroOrOne() {
        givenBody("{\"inputs\":[{\"name\":\"i\",\"shape\":[2],\"datatype\":\"INT16\",\"data\":[3.0,-2e2]},"
                + "{\"name\":\"b\",\"shape\":[3],\"datatype\":\"BOOL\",\"data\":[1,0,false]}]}");
        whenRead();
        thenInput("i").isEqualTo(Tensor.ofShorts("i", new long[] {2}, (short) 3, (short) -200));
        thenInput("b").isEqualTo(Tensor.ofBooleans("b", new long[] {3}, true, false, false));
    }

    @Test
    void bareNonFiniteTokensAsPythonWritesThemAreRead() {
        givenBody("{\"inputs\":[{\"name\":\"f\",\"shape\":[3],\"datatype\":\"FP32\",\"data\":[NaN, Infinity, -Infinity]}]}");
        whenRead();
        thenInput("f").isEqualTo(Tensor.ofFloats("f", new long[] {3}, Float.NaN, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY));
    }

    @Test
    void aScalarMayBeGivenWithoutBrackets() {
        givenBody("{\"inputs\":[{\"name\":\"t\",\"shape\":[],\"datatype\":\"BYTES\",\"data\":\"hello\"}]}");
        whenRead();
        thenInput("t").isEqualTo(Tensor.ofStrings("t", new long[0], "hello"));
    }

    @Test
    void datatypeNamesAreCaseInsensitiveAndStreamsAreRead() throws IOException {
        byte[] bytes = "{\"inputs\":[{\"name\":\"u\",\"shape\":[2],\"datatype\":\"uint8\",\"data\":[0,255]}]}"
                .getBytes(StandardCharsets.UTF_8);
        request = OipCodec.readRequest(new ByteArrayInputStream(bytes));
        thenInput("u").isEqualTo(Tensor.ofBytes("u", DataType.UINT8, new long[] {2}, (byte) 0, (byte) -1));
    }

    @Test
    void largeInputsGrowTheirBufferBeyondTheFirstGuess() {
        StringBuilder data = new StringBuilder();
        int count = 300_000;
        for (int i = 0; i < count; i++) {
            data.append(i == 0 ? "" : ",").append(i);
        }
        // no shape before the data: the buffer starts small and must grow
        givenBody("{\"inputs\":[{\"name\":\"big\",\"datatype\":\"INT32\",\"data\":[" + data + "],\"shape\":[" + count + "]}]}");
        whenRead();
        Tensor big = request.inputs().get(0);
        assertThat(big.elementCount()).isEqualTo(count);
        assertThat(big.getLong(count - 1)).isEqualTo(count - 1);
    }

    private void givenBody(String json) {
        body = json;
    }

    private void whenRead() {
        request = OipCodec.readRequest(body);
    }

    private org.assertj.core.api.ObjectAssert<Tensor> thenInput(String name) {
        return assertThat(request.inputs().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow());
    }
}
