package org.modelgate.oip.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

import org.modelgate.api.DataType;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.Tensor;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads one element of {@code "inputs"}: {@code {"name", "shape", "datatype", "data", "parameters"}}.
 *
 * <p>Data is parsed straight into its buffer when name and datatype came before it (as every client
 * writes them); otherwise it is set aside as JSON and parsed once the object is complete.
 */
final class InputTensorReader {
    private final int index;
    private final BinaryRegion binary;
    private String name;
    private Long binarySize;
    private long[] shape;
    private DataType dataType;
    private ElementBuffer data;
    private byte[] deferredData;

    private InputTensorReader(int index, BinaryRegion binary) {
        this.index = index;
        this.binary = binary;
    }

    /**
     * Reads the object the parser stands on (START_OBJECT) up to its END_OBJECT.
     *
     * @param binary the binary part of the body, or null for a JSON-only request
     */
    static Tensor read(JsonParser parser, int index, BinaryRegion binary) throws IOException {
        return new InputTensorReader(index, binary).readObject(parser);
    }

    private Tensor readObject(JsonParser parser) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "name":
                    name = readName(parser, value);
                    break;
                case "shape":
                    shape = readShape(parser, value);
                    break;
                case "datatype":
                    dataType = readDataType(parser, value);
                    break;
                case "data":
                    readData(parser);
                    break;
                case "parameters":
                    readParameters(parser, value);
                    break;
                default:
                    parser.skipChildren();
                    break;
            }
        }
        return toTensor();
    }

    private String readName(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING || parser.getText().isEmpty()) {
            throw new InvalidInputException("input " + index + ": \"name\" must be a non-empty string, got "
                    + JsonValues.kind(value));
        }
        return parser.getText();
    }

    private long[] readShape(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw badShape(parser);
        }
        long[] dims = new long[4];
        int rank = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    || parser.getLongValue() < 0) {
                throw badShape(parser);
            }
            if (rank == dims.length) {
                dims = Arrays.copyOf(dims, rank * 2);
            }
            dims[rank++] = parser.getLongValue();
        }
        long[] result = Arrays.copyOf(dims, rank);
        if (Shapes.elementCount(result) < 0) {
            throw new InvalidInputException("input " + label() + ": shape " + Shapes.format(result) + " has more than "
                    + Integer.MAX_VALUE + " elements");
        }
        return result;
    }

    /** The input's parameters: only Triton's {@code binary_data_size} means something here. */
    private void readParameters(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.START_OBJECT) {
            throw new InvalidInputException("input " + label() + ": \"parameters\" must be an object, got " + JsonValues.kind(value));
        }
        Object size = ParameterValues.readObject(parser).get("binary_data_size");
        if (size == null) {
            return;
        }
        if (!(size instanceof Long) || (Long) size < 0) {
            throw new InvalidInputException("input " + label() + ": \"binary_data_size\" must be a whole number of bytes, got " + size);
        }
        binarySize = (Long) size;
    }

    private InvalidInputException badShape(JsonParser parser) throws IOException {
        return new InvalidInputException("input " + label() + ": \"shape\" must be an array of non-negative integers, got "
                + JsonValues.shown(parser));
    }

    private DataType readDataType(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw new InvalidInputException("input " + label() + ": \"datatype\" must be a string such as \"FP32\", got "
                    + JsonValues.kind(value));
        }
        try {
            return DataType.fromName(parser.getText());
        } catch (InvalidInputException e) {
            throw new InvalidInputException("input " + label() + ": " + e.getMessage());
        }
    }

    private void readData(JsonParser parser) throws IOException {
        if (name == null || dataType == null) {
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            try (JsonGenerator generator = OipJson.FACTORY.createGenerator(copy)) {
                generator.copyCurrentStructure(parser);
            }
            deferredData = copy.toByteArray();
            data = null;
            return;
        }
        deferredData = null;
        long expected = shape == null ? 16 : Shapes.elementCount(shape);
        TensorDataReader reader = new TensorDataReader(name, dataType, expected);
        reader.read(parser);
        data = reader.buffer();
    }

    private Tensor toTensor() throws IOException {
        if (name == null) {
            throw new InvalidInputException("input " + index + " has no \"name\"");
        }
        if (dataType == null) {
            throw new InvalidInputException("input '" + name + "' has no \"datatype\"");
        }
        if (shape == null) {
            throw new InvalidInputException("input '" + name + "' has no \"shape\"");
        }
        if (binarySize != null) {
            return binaryTensor();
        }
        if (deferredData != null) {
            try (JsonParser parser = OipJson.FACTORY.createParser(deferredData)) {
                parser.nextToken();
                readData(parser);
            }
        }
        if (data == null) {
            throw new InvalidInputException("input '" + name + "' has no \"data\" (nor \"parameters\": {\"binary_data_size\"}"
                    + " with its bytes after the JSON)");
        }
        long expected = Shapes.elementCount(shape);
        if (data.count() != expected) {
            throw new InvalidInputException("input '" + name + "': data has " + data.count() + " elements, shape "
                    + Shapes.format(shape) + " needs " + expected);
        }
        return data.toTensor(name, shape);
    }

    private Tensor binaryTensor() {
        if (deferredData != null || data != null) {
            throw new InvalidInputException("input '" + name + "' has both \"data\" and \"binary_data_size\"; give one");
        }
        if (binary == null) {
            throw new InvalidInputException("input '" + name + "' has \"binary_data_size\", but the request has no binary data:"
                    + " send the JSON, then the tensor bytes, with the header Inference-Header-Content-Length giving the JSON's length");
        }
        return binary.take(name, dataType, shape, binarySize);
    }

    private String label() {
        return name == null ? String.valueOf(index) : "'" + name + "'";
    }
}
