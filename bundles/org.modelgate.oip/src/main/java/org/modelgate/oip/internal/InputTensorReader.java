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
    private String name;
    private long[] shape;
    private DataType dataType;
    private ElementBuffer data;
    private byte[] deferredData;

    private InputTensorReader(int index) {
        this.index = index;
    }

    /** Reads the object the parser stands on (START_OBJECT) up to its END_OBJECT. */
    static Tensor read(JsonParser parser, int index) throws IOException {
        return new InputTensorReader(index).readObject(parser);
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
        if (deferredData != null) {
            try (JsonParser parser = OipJson.FACTORY.createParser(deferredData)) {
                parser.nextToken();
                readData(parser);
            }
        }
        if (data == null) {
            throw new InvalidInputException("input '" + name + "' has no \"data\" (binary tensor data is not supported)");
        }
        long expected = Shapes.elementCount(shape);
        if (data.count() != expected) {
            throw new InvalidInputException("input '" + name + "': data has " + data.count() + " elements, shape "
                    + Shapes.format(shape) + " needs " + expected);
        }
        return data.toTensor(name, shape);
    }

    private String label() {
        return name == null ? String.valueOf(index) : "'" + name + "'";
    }
}
