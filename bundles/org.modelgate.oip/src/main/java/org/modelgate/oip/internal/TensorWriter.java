package org.modelgate.oip.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.modelgate.api.HalfFloats;
import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Writes tensors as {@code {"name", "datatype", "shape", "data"}} with flat row-major data, and
 * tensor specs as {@code {"name", "datatype", "shape"}}.
 */
final class TensorWriter {
    private TensorWriter() {
    }

    static void write(JsonGenerator generator, Tensor tensor) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("name", tensor.name());
        generator.writeStringField("datatype", tensor.dataType().name());
        writeShape(generator, tensor.shape());
        generator.writeFieldName("data");
        generator.writeStartArray();
        writeData(generator, tensor);
        generator.writeEndArray();
        generator.writeEndObject();
    }

    /** Writes {@code {"name", "datatype", "shape", "parameters": {"binary_data_size"}}}: the data follows the JSON. */
    static void writeBinary(JsonGenerator generator, Tensor tensor, long size) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("name", tensor.name());
        generator.writeStringField("datatype", tensor.dataType().name());
        writeShape(generator, tensor.shape());
        generator.writeObjectFieldStart("parameters");
        generator.writeNumberField("binary_data_size", size);
        generator.writeEndObject();
        generator.writeEndObject();
    }

    static void write(JsonGenerator generator, TensorSpec spec) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("name", spec.name());
        generator.writeStringField("datatype", spec.dataType().name());
        writeShape(generator, spec.shape());
        generator.writeEndObject();
    }

    private static void writeShape(JsonGenerator generator, long[] shape) throws IOException {
        generator.writeFieldName("shape");
        generator.writeArray(shape, 0, shape.length);
    }

    private static void writeData(JsonGenerator generator, Tensor tensor) throws IOException {
        int count = tensor.elementCount();
        if (!tensor.dataType().isFixedSize()) {
            for (String value : tensor.strings()) {
                generator.writeString(value);
            }
            return;
        }
        ByteBuffer data = tensor.buffer();
        switch (tensor.dataType()) {
            case BOOL:
                for (int i = 0; i < count; i++) {
                    generator.writeBoolean(data.get(i) != 0);
                }
                break;
            case UINT8:
                for (int i = 0; i < count; i++) {
                    generator.writeNumber(data.get(i) & 0xff);
                }
                break;
            case INT8:
                for (int i = 0; i < count; i++) {
                    generator.writeNumber(data.get(i));
                }
                break;
            case INT16:
                for (int i = 0; i < count; i++) {
                    generator.writeNumber(data.getShort(i * 2));
                }
                break;
            case INT32:
                for (int i = 0; i < count; i++) {
                    generator.writeNumber(data.getInt(i * 4));
                }
                break;
            case INT64:
                for (int i = 0; i < count; i++) {
                    generator.writeNumber(data.getLong(i * 8));
                }
                break;
            case FP16:
                for (int i = 0; i < count; i++) {
                    generator.writeNumber(HalfFloats.fp16ToFloat(data.getShort(i * 2)));
                }
                break;
            case BF16:
                for (int i = 0; i < count; i++) {
                    generator.writeNumber(HalfFloats.bf16ToFloat(data.getShort(i * 2)));
                }
                break;
            case FP32:
                for (int i = 0; i < count; i++) {
                    generator.writeNumber(data.getFloat(i * 4));
                }
                break;
            case FP64:
                for (int i = 0; i < count; i++) {
                    generator.writeNumber(data.getDouble(i * 8));
                }
                break;
            default:
                throw new IllegalStateException("unhandled datatype " + tensor.dataType());
        }
    }
}
