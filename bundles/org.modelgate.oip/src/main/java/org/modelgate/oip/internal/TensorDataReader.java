package org.modelgate.oip.internal;

import java.io.IOException;

import org.modelgate.api.DataType;
import org.modelgate.api.HalfFloats;
import org.modelgate.api.InvalidInputException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads the {@code "data"} of one input, flat or nested (row-major), converting each element to the
 * input's datatype with range checks.
 */
final class TensorDataReader {
    private final String input;
    private final DataType dataType;
    private final ElementBuffer buffer;

    TensorDataReader(String input, DataType dataType, long expectedCount) {
        this.input = input;
        this.dataType = dataType;
        this.buffer = new ElementBuffer(dataType, expectedCount);
    }

    ElementBuffer buffer() {
        return buffer;
    }

    /**
     * Reads the value the parser stands on: an array (nested to any depth) or a single element.
     */
    void read(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            readElement(parser, parser.currentToken());
            return;
        }
        readArray(parser);
    }

    private void readArray(JsonParser parser) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == JsonToken.START_ARRAY) {
                readArray(parser);
            } else {
                readElement(parser, token);
            }
        }
    }

    private void readElement(JsonParser parser, JsonToken token) throws IOException {
        switch (dataType) {
            case BOOL:
                buffer.putByte(readBoolean(parser, token) ? 1 : 0);
                break;
            case UINT8:
                buffer.putByte((int) readInteger(parser, token, 0, 255));
                break;
            case INT8:
                buffer.putByte((int) readInteger(parser, token, Byte.MIN_VALUE, Byte.MAX_VALUE));
                break;
            case INT16:
                buffer.putShort((short) readInteger(parser, token, Short.MIN_VALUE, Short.MAX_VALUE));
                break;
            case INT32:
                buffer.putInt((int) readInteger(parser, token, Integer.MIN_VALUE, Integer.MAX_VALUE));
                break;
            case INT64:
                buffer.putLong(readInteger(parser, token, Long.MIN_VALUE, Long.MAX_VALUE));
                break;
            case FP16:
                buffer.putShort(HalfFloats.floatToFp16(readFloat(parser, token)));
                break;
            case BF16:
                buffer.putShort(HalfFloats.floatToBf16(readFloat(parser, token)));
                break;
            case FP32:
                buffer.putFloat(readFloat(parser, token));
                break;
            case FP64:
                buffer.putDouble(readDouble(parser, token));
                break;
            case BYTES:
                buffer.putString(readString(parser, token));
                break;
            default:
                throw new IllegalStateException("unhandled datatype " + dataType);
        }
    }

    private boolean readBoolean(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (token == JsonToken.VALUE_FALSE) {
            return false;
        }
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
            int value = parser.getIntValue();
            if (value == 0 || value == 1) {
                return value == 1;
            }
        }
        throw invalidElement(parser, "is not a boolean (true or false)");
    }

    private long readInteger(JsonParser parser, JsonToken token, long min, long max) throws IOException {
        long value;
        if (token == JsonToken.VALUE_NUMBER_INT) {
            if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw outOfRange(parser, min, max);
            }
            value = parser.getLongValue();
        } else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            // 3.0 is accepted as 3 (numpy and JavaScript clients write integral floats), 3.5 is not.
            double number = parser.getDoubleValue();
            if (number != Math.rint(number) || Double.isInfinite(number)) {
                throw invalidElement(parser, "is not an integer");
            }
            if (number < min || number > max || Math.abs(number) >= 0x1p63) {
                throw outOfRange(parser, min, max);
            }
            value = (long) number;
        } else {
            throw invalidElement(parser, "is not an integer");
        }
        if (value < min || value > max) {
            throw outOfRange(parser, min, max);
        }
        return value;
    }

    private float readFloat(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getFloatValue();
        }
        return (float) nonFinite(parser, token);
    }

    private double readDouble(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getDoubleValue();
        }
        return nonFinite(parser, token);
    }

    /** The strings the codec writes for non-finite values (see OipJson), read back. */
    private double nonFinite(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            switch (parser.getText()) {
                case "NaN":
                case "nan":
                    return Double.NaN;
                case "Infinity":
                case "+Infinity":
                case "inf":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                case "-inf":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw invalidElement(parser, "is not a number");
    }

    private String readString(JsonParser parser, JsonToken token) throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            throw invalidElement(parser, "is not a string (BYTES elements are JSON strings)");
        }
        return parser.getText();
    }

    private InvalidInputException outOfRange(JsonParser parser, long min, long max) throws IOException {
        return invalidElement(parser, "is out of range for " + dataType + " (" + min + " to " + max + ")");
    }

    private InvalidInputException invalidElement(JsonParser parser, String problem) throws IOException {
        return new InvalidInputException("input '" + input + "': value " + JsonValues.shown(parser) + " at index "
                + buffer.count() + " " + problem);
    }
}
