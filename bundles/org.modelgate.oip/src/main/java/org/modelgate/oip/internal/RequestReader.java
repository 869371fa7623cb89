package org.modelgate.oip.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.Tensor;
import org.modelgate.oip.OipRequest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads an inference request body: {@code {"id", "inputs": [...], "outputs": [{"name"}], "parameters"}}.
 *
 * <p>Unknown members and the inputs' {@code "parameters"} are skipped, so clients written for Triton or KServe that
 * send extras keep working; the request-level {@code "parameters"} object is read as plain values.
 */
public final class RequestReader {
    private RequestReader() {
    }

    /**
     * Reads one request object and checks that nothing follows it.
     *
     * @param parser a parser before its first token
     * @return the request
     * @throws IOException when the stream fails or the JSON is malformed
     */
    public static InferenceRequest read(JsonParser parser) throws IOException {
        return readWithParameters(parser).request();
    }

    /**
     * Reads one request object with its request-level parameters and checks that nothing follows it.
     *
     * @param parser a parser before its first token
     * @return the request and its parameters
     * @throws IOException when the stream fails or the JSON is malformed
     */
    public static OipRequest readWithParameters(JsonParser parser) throws IOException {
        return readWithParameters(parser, null);
    }

    /**
     * Reads one request object, its inputs' data from the JSON or, where an input has {@code "binary_data_size"}, from
     * the binary part of the body; checks that nothing follows the object and that the inputs used every binary byte.
     *
     * @param parser a parser before its first token, over the JSON header only
     * @param binary the bytes after the JSON header, or null for a JSON-only body
     * @return the request, its parameters and the outputs asked for as binary data
     * @throws IOException when the stream fails or the JSON is malformed
     */
    public static OipRequest readWithParameters(JsonParser parser, BinaryRegion binary) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw new InvalidInputException("request body is empty; expected a JSON object with \"inputs\"");
        }
        if (token != JsonToken.START_OBJECT) {
            throw new InvalidInputException("request body must be a JSON object, got " + JsonValues.kind(token));
        }
        String id = null;
        List<Tensor> inputs = null;
        Set<String> outputs = Set.of();
        Map<String, Boolean> binaryOutputs = new HashMap<>(4);
        Map<String, Object> parameters = Map.of();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "id":
                    id = readId(parser, value);
                    break;
                case "inputs":
                    inputs = readInputs(parser, value, binary);
                    break;
                case "outputs":
                    outputs = readOutputs(parser, value, binaryOutputs);
                    break;
                case "parameters":
                    parameters = value == JsonToken.VALUE_NULL ? Map.of() : ParameterValues.readObject(parser);
                    break;
                default:
                    parser.skipChildren();
                    break;
            }
        }
        expectEnd(parser, "request");
        if (inputs == null) {
            throw new InvalidInputException(
                    "request has no \"inputs\"; expected \"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}]");
        }
        if (binary != null) {
            binary.expectConsumed();
        }
        return new OipRequest(new InferenceRequest(id, inputs, outputs), parameters, binaryOutputs);
    }

    /**
     * Checks that the parser, done with the top-level value, has reached the end of the input.
     *
     * @param parser the parser
     * @param what what the body holds, for the message
     * @throws IOException when the stream fails
     */
    static void expectEnd(JsonParser parser, String what) throws IOException {
        if (parser.nextToken() != null) {
            JsonLocation at = parser.currentTokenLocation();
            throw new InvalidInputException("unexpected content after the " + what + " object at line "
                    + at.getLineNr() + " column " + at.getColumnNr());
        }
    }

    private static String readId(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new InvalidInputException("\"id\" must be a string, got " + JsonValues.kind(value));
        }
        return parser.getText();
    }

    private static List<Tensor> readInputs(JsonParser parser, JsonToken value, BinaryRegion binary) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw new InvalidInputException("\"inputs\" must be an array of objects, got " + JsonValues.kind(value));
        }
        List<Tensor> inputs = new ArrayList<>(4);
        Set<String> names = new HashSet<>(4);
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                throw new InvalidInputException("input " + inputs.size() + " must be an object, got "
                        + JsonValues.kind(token));
            }
            Tensor input = InputTensorReader.read(parser, inputs.size(), binary);
            if (!names.add(input.name())) {
                throw new InvalidInputException("input '" + input.name() + "' is given twice");
            }
            inputs.add(input);
        }
        return inputs;
    }

    private static Set<String> readOutputs(JsonParser parser, JsonToken value, Map<String, Boolean> binary)
            throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw new InvalidInputException("\"outputs\" must be an array of objects such as {\"name\": \"probabilities\"}, got "
                    + JsonValues.kind(value));
        }
        Set<String> outputs = new LinkedHashSet<>();
        JsonToken token;
        int index = 0;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                throw new InvalidInputException("output " + index + " must be an object such as {\"name\": \"probabilities\"}, got "
                        + JsonValues.kind(token));
            }
            String name = null;
            Object binaryData = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken member = parser.nextToken();
                if ("name".equals(field) && member == JsonToken.VALUE_STRING) {
                    name = parser.getText();
                } else if ("parameters".equals(field) && member == JsonToken.START_OBJECT) {
                    binaryData = ParameterValues.readObject(parser).get("binary_data");
                } else {
                    parser.skipChildren();
                }
            }
            if (name == null || name.isEmpty()) {
                throw new InvalidInputException("output " + index + " has no \"name\"");
            }
            outputs.add(name);
            if (binaryData != null) {
                if (!(binaryData instanceof Boolean)) {
                    throw new InvalidInputException("output '" + name + "': \"binary_data\" must be true or false, got " + binaryData);
                }
                binary.put(name, (Boolean) binaryData);
            }
            index++;
        }
        return outputs;
    }
}
