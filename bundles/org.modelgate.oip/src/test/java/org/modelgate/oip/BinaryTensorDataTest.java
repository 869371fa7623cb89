package org.modelgate.oip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.modelgate.api.DataType;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.Tensor;

/**
 * Feature: Triton's binary tensor data extension in the codec: requests whose inputs follow the JSON header as raw
 * little-endian bytes (sliced, not copied), mixed with JSON inputs; responses with some outputs as raw bytes; sizes
 * that do not fit refused with a message that says what is wrong.
 */
class BinaryTensorDataTest {
    private BinaryBodies body;
    private OipRequest read;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DataType.class, names = "BYTES", mode = EnumSource.Mode.EXCLUDE)
    void aNumericInputIsASliceOfTheBodyWithItsBytesUnchanged(DataType type) {
        byte[] data = randomElements(type, 6);
        givenABinaryBody("{'inputs':[{'name':'x','shape':[2,3],'datatype':'" + type + "','parameters':{'binary_data_size':"
                + data.length + "}}]}", data);

        whenReading();

        Tensor x = read.request().inputs().get(0);
        assertThat(x.dataType()).isEqualTo(type);
        assertThat(x.shape()).containsExactly(2, 3);
        assertThat(bytes(x.buffer())).containsExactly(data);
        assertThat(x.buffer().isDirect()).as("sliced from the direct body, not copied").isTrue();
    }

    @Test
    void bytesElementsAreLengthPrefixed() {
        givenABinaryBody("{'inputs':[{'name':'words','shape':[3],'datatype':'BYTES','parameters':{'binary_data_size':34}}]}");
        body.strings("", "gateway", "ünïcödé ✓");

        whenReading();

        assertThat(read.request().inputs().get(0).strings()).containsExactly("", "gateway", "ünïcödé ✓");
    }

    @Test
    void binaryAndJsonInputsMixInOneRequestInTheOrderOfTheHeader() {
        givenABinaryBody("{'inputs':[{'name':'a','shape':[2],'datatype':'FP32','parameters':{'binary_data_size':8}},"
                + "{'name':'b','shape':[1],'datatype':'INT64','data':[7]},"
                + "{'name':'c','shape':[1],'datatype':'FP32','parameters':{'binary_data_size':4}}],"
                + "'outputs':[{'name':'y','parameters':{'binary_data':true}},{'name':'z'}]}");
        body.floats(1.5f, -2f).floats(9f);

        whenReading();

        List<Tensor> inputs = read.request().inputs();
        assertThat(inputs.get(0).toFloatArray()).containsExactly(1.5f, -2f);
        assertThat(inputs.get(1).toLongArray()).containsExactly(7L);
        assertThat(inputs.get(2).toFloatArray()).containsExactly(9f);
        assertThat(read.binaryOutput("y")).isTrue();
        assertThat(read.binaryOutput("z")).isFalse();
    }

    @Test
    void binaryDataOutputAsksEveryOutputUnlessTheOutputSaysOtherwise() {
        read = OipCodec.readInferRequest("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1]}],"
                + "\"outputs\":[{\"name\":\"json\",\"parameters\":{\"binary_data\":false}}],"
                + "\"parameters\":{\"binary_data_output\":true}}");

        assertThat(read.asksBinaryOutputs()).isTrue();
        assertThat(read.binaryOutput("json")).isFalse();
        assertThat(read.binaryOutput("anything else")).isTrue();
    }

    @Test
    void aResponseCarriesTheAskedOutputsAsRawBytesAfterTheJsonHeader() throws Exception {
        InferenceResponse response = new InferenceResponse("m", "1", "r", List.of(
                Tensor.ofFloats("y", new long[] {2}, 0.25f, 4f),
                Tensor.ofInts("n", new long[] {1}, 3),
                Tensor.ofStrings("s", new long[] {2}, "ab", "")));

        BinaryResponse binary = OipCodec.binaryResponse(response, Map.of(), name -> !name.equals("n"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        binary.writeTo(out);

        byte[] all = out.toByteArray();
        String header = new String(all, 0, binary.headerLength(), StandardCharsets.UTF_8);
        assertThat(header).isEqualTo("{\"model_name\":\"m\",\"model_version\":\"1\",\"id\":\"r\",\"outputs\":["
                + "{\"name\":\"y\",\"datatype\":\"FP32\",\"shape\":[2],\"parameters\":{\"binary_data_size\":8}},"
                + "{\"name\":\"n\",\"datatype\":\"INT32\",\"shape\":[1],\"data\":[3]},"
                + "{\"name\":\"s\",\"datatype\":\"BYTES\",\"shape\":[2],\"parameters\":{\"binary_data_size\":10}}]}");
        assertThat(binary.contentLength()).isEqualTo(all.length).isEqualTo(binary.headerLength() + 18);
        ByteBuffer raw = ByteBuffer.wrap(all, binary.headerLength(), 18).slice().order(ByteOrder.LITTLE_ENDIAN);
        assertThat(raw.getFloat(0)).isEqualTo(0.25f);
        assertThat(raw.getFloat(4)).isEqualTo(4f);
        assertThat(raw.getInt(8)).isEqualTo(2);
        assertThat(new String(all, binary.headerLength() + 12, 2, StandardCharsets.UTF_8)).isEqualTo("ab");
        assertThat(raw.getInt(14)).isZero();
    }

    @Test
    void aHeaderLongerThanTheBodyIsRefused() {
        givenABinaryBody("{'inputs':[]}");

        thenReadingFailsWith(body.headerLength() + 5, "Inference-Header-Content-Length " + (body.headerLength() + 5)
                + " does not fit the body of " + body.headerLength() + " bytes");
    }

    @Test
    void aSizeThatDoesNotFitTheShapeIsRefused() {
        givenABinaryBody("{'inputs':[{'name':'x','shape':[1,4],'datatype':'FP32','parameters':{'binary_data_size':12}}]}");
        body.floats(1, 2, 3);

        thenReadingFailsWith(body.headerLength(), "input 'x': binary_data_size 12 does not fit FP32[1,4], which needs 16 bytes");
    }

    @Test
    void aTruncatedBodyIsRefused() {
        givenABinaryBody("{'inputs':[{'name':'x','shape':[4],'datatype':'FP32','parameters':{'binary_data_size':16}}]}");
        body.floats(1, 2);

        thenReadingFailsWith(body.headerLength(), "input 'x': binary_data_size 16 goes past the end of the body (8 bytes");
    }

    @Test
    void bytesLeftOverAfterTheInputsAreRefused() {
        givenABinaryBody("{'inputs':[{'name':'x','shape':[1],'datatype':'FP32','parameters':{'binary_data_size':4}}]}");
        body.floats(1, 2);

        thenReadingFailsWith(body.headerLength(), "the body has 8 bytes of binary tensor data after the JSON header, "
                + "but the inputs' binary_data_size add up to 4");
    }

    @Test
    void aBytesElementLongerThanItsInputIsRefused() {
        givenABinaryBody("{'inputs':[{'name':'w','shape':[1],'datatype':'BYTES','parameters':{'binary_data_size':6}}]}");
        body.raw((byte) 9, (byte) 0, (byte) 0, (byte) 0, (byte) 'a', (byte) 'b');

        thenReadingFailsWith(body.headerLength(), "input 'w': BYTES element 0 says 9 bytes, but only 2 are left");
    }

    @Test
    void dataAndBinarySizeTogetherAreRefused() {
        givenABinaryBody("{'inputs':[{'name':'x','shape':[1],'datatype':'FP32','data':[1],'parameters':{'binary_data_size':4}}]}");
        body.floats(1);

        thenReadingFailsWith(body.headerLength(), "input 'x' has both \"data\" and \"binary_data_size\"; give one");
    }

    @Test
    void aBinarySizeInAJsonOnlyRequestSaysHowToSendBinaryData() {
        assertThatThrownBy(() -> OipCodec.readInferRequest("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"FP32\","
                + "\"parameters\":{\"binary_data_size\":4}}]}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("input 'x' has \"binary_data_size\", but the request has no binary data")
                .hasMessageContaining("Inference-Header-Content-Length");
    }

    private void givenABinaryBody(String header, byte... data) {
        body = BinaryBodies.header(header).raw(data);
    }

    private void whenReading() {
        read = OipCodec.readInferRequest(body.direct(), body.headerLength());
    }

    private void thenReadingFailsWith(int headerLength, String message) {
        assertThatThrownBy(() -> OipCodec.readInferRequest(body.direct(), headerLength))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(message);
    }

    private static byte[] randomElements(DataType type, int count) {
        byte[] data = new byte[count * type.byteSize()];
        new Random(type.ordinal()).nextBytes(data);
        if (type == DataType.BOOL) {
            for (int i = 0; i < data.length; i++) {
                data[i] &= 1;
            }
        }
        return data;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.get(copy);
        return copy;
    }
}
