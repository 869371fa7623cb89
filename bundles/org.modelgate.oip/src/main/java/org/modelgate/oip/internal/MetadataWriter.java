package org.modelgate.oip.internal;

import java.io.IOException;
import java.util.List;

import org.modelgate.api.InferenceResponse;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;
import org.modelgate.oip.TritonNames;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Writes the protocol's JSON objects other than requests: responses, metadata, index entries, errors.
 */
public final class MetadataWriter {
    private MetadataWriter() {
    }

    /**
     * Writes {@code {"model_name", "model_version", "id", "outputs"}}; absent id and version are left out.
     *
     * @param generator the generator
     * @param response the response
     * @throws IOException when the stream fails
     */
    public static void response(JsonGenerator generator, InferenceResponse response) throws IOException {
        response(generator, response, java.util.Map.of());
    }

    /**
     * Writes {@code {"model_name", "model_version", "id", "outputs", "parameters"}}; no {@code "parameters"} when
     * there are none, so the body is then exactly the one without.
     *
     * @param generator the generator
     * @param response the response
     * @param parameters the response-level parameters, as plain values
     * @throws IOException when the stream fails
     */
    public static void response(JsonGenerator generator, InferenceResponse response,
            java.util.Map<String, ?> parameters) throws IOException {
        response(generator, response, parameters, List.of());
    }

    /**
     * Writes the response's JSON with the outputs in {@code binary} as {@code "parameters": {"binary_data_size"}}
     * instead of data (Triton's binary tensor data extension).
     *
     * @param generator the generator
     * @param response the response
     * @param parameters the response-level parameters, as plain values
     * @param binary the binary parts of the outputs that go as binary data
     * @throws IOException when the stream fails
     */
    public static void response(JsonGenerator generator, InferenceResponse response,
            java.util.Map<String, ?> parameters, List<BinaryOutput> binary) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("model_name", response.model());
        if (response.version() != null) {
            generator.writeStringField("model_version", response.version());
        }
        if (response.id() != null) {
            generator.writeStringField("id", response.id());
        }
        generator.writeFieldName("outputs");
        generator.writeStartArray();
        for (Tensor output : response.outputs()) {
            BinaryOutput raw = BinaryOutput.of(binary, output);
            if (raw == null) {
                TensorWriter.write(generator, output);
            } else {
                TensorWriter.writeBinary(generator, output, raw.size());
            }
        }
        generator.writeEndArray();
        if (!parameters.isEmpty()) {
            generator.writeFieldName("parameters");
            ParameterValues.write(generator, parameters);
        }
        generator.writeEndObject();
    }

    /**
     * Writes {@code {"name", "versions", "platform", "inputs", "outputs"}}.
     *
     * @param generator the generator
     * @param model the model
     * @throws IOException when the stream fails
     */
    public static void model(JsonGenerator generator, ModelInfo model) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("name", model.name());
        generator.writeFieldName("versions");
        writeStrings(generator, model.versions());
        generator.writeStringField("platform", TritonNames.platform(model));
        generator.writeFieldName("inputs");
        writeSpecs(generator, model.inputs());
        generator.writeFieldName("outputs");
        writeSpecs(generator, model.outputs());
        generator.writeEndObject();
    }

    /**
     * Writes {@code {"name": "modelgate", "version", "extensions"}}.
     *
     * @param generator the generator
     * @param version the server version
     * @param extensions the protocol extensions supported
     * @throws IOException when the stream fails
     */
    public static void server(JsonGenerator generator, String version, List<String> extensions) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("name", "modelgate");
        generator.writeStringField("version", version);
        generator.writeFieldName("extensions");
        writeStrings(generator, extensions);
        generator.writeEndObject();
    }

    /**
     * Writes one repository index entry {@code {"name", "version", "state", "reason"}} in Triton's
     * vocabulary: READY, LOADING or UNAVAILABLE, with the reason (e.g. "unloaded") for the latter.
     *
     * @param generator the generator
     * @param model the model
     * @throws IOException when the stream fails
     */
    public static void indexEntry(JsonGenerator generator, ModelInfo model) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("name", model.name());
        if (model.version() != null) {
            generator.writeStringField("version", model.version());
        }
        generator.writeStringField("state", TritonNames.repositoryState(model));
        generator.writeStringField("reason", TritonNames.repositoryReason(model));
        generator.writeEndObject();
    }

    /**
     * Writes {@code {"error": message}}.
     *
     * @param generator the generator
     * @param message the message
     * @throws IOException when the stream fails
     */
    public static void error(JsonGenerator generator, String message) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("error", message == null ? "unknown error" : message);
        generator.writeEndObject();
    }

    private static void writeStrings(JsonGenerator generator, List<String> values) throws IOException {
        generator.writeStartArray();
        for (String value : values) {
            generator.writeString(value);
        }
        generator.writeEndArray();
    }

    private static void writeSpecs(JsonGenerator generator, List<TensorSpec> specs) throws IOException {
        generator.writeStartArray();
        for (TensorSpec spec : specs) {
            TensorWriter.write(generator, spec);
        }
        generator.writeEndArray();
    }
}
