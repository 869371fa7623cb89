package org.modelgate.oip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.Tensor;
import org.modelgate.oip.internal.BinaryOutput;
import org.modelgate.oip.internal.BinaryRegion;
import org.modelgate.oip.internal.IndexRequestReader;
import org.modelgate.oip.internal.MalformedJson;
import org.modelgate.oip.internal.MetadataWriter;
import org.modelgate.oip.internal.OipJson;
import org.modelgate.oip.internal.ParameterValues;
import org.modelgate.oip.internal.RequestReader;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Reads and writes Open Inference Protocol v2 JSON (KServe v2, Triton), streaming with Jackson.
 *
 * <p>Requests: {@code {"id", "inputs": [{"name", "shape", "datatype", "data", "parameters"}],
 * "outputs": [{"name"}], "parameters"}} with data flat or nested (row-major), for every
 * {@link org.modelgate.api.DataType}; BOOL as true/false, BYTES as strings, FP16/BF16 as numbers. Triton's binary
 * tensor data extension: {@link #readInferRequest(ByteBuffer, int)} and {@link #binaryResponse}.
 * A malformed body gives an {@link InvalidInputException} whose message says what to fix, for example
 * {@code input 'features': data has 3 elements, shape [1,4] needs 4}.
 *
 * <p>Non-finite floats: JSON has no NaN, so they are written as the strings {@code "NaN"},
 * {@code "Infinity"} and {@code "-Infinity"} (valid JSON; Python's {@code float()} and numpy read them).
 * Reading accepts those strings and the bare tokens {@code NaN}, {@code Infinity}, {@code -Infinity}
 * that Python's json module writes.
 *
 * <p>Writers never close the stream they are given; they flush it.
 *
 * <pre>{@code
 * InferenceRequest request = OipCodec.readRequest(httpRequest.getInputStream());
 * InferenceResponse response = inference.infer("iris", request);
 * OipCodec.writeResponse(response, httpResponse.getOutputStream());
 * }</pre>
 */
public final class OipCodec {
    private OipCodec() {
    }

    /**
     * Reads an inference request.
     *
     * @param body the JSON body; read to its end, not closed
     * @return the request
     * @throws InvalidInputException when the body is not a valid request, saying what to fix
     * @throws IOException when reading the stream fails (this includes a size limit the stream enforces)
     */
    public static InferenceRequest readRequest(InputStream body) throws IOException {
        try (JsonParser parser = OipJson.FACTORY.createParser(body)) {
            return read(parser);
        }
    }

    /**
     * Reads an inference request.
     *
     * @param body the JSON body, UTF-8
     * @return the request
     * @throws InvalidInputException when the body is not a valid request, saying what to fix
     */
    public static InferenceRequest readRequest(byte[] body) {
        try (JsonParser parser = OipJson.FACTORY.createParser(body)) {
            return read(parser);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads an inference request.
     *
     * @param body the JSON text
     * @return the request
     * @throws InvalidInputException when the text is not a valid request, saying what to fix
     */
    public static InferenceRequest readRequest(String body) {
        return readRequest(body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads an inference request with its request-level {@code "parameters"} (as plain values), streaming.
     *
     * @param body the JSON body; read to its end, not closed
     * @return the request and its parameters (empty when none)
     * @throws InvalidInputException when the body is not a valid request, saying what to fix
     * @throws IOException when reading the stream fails
     */
    public static OipRequest readInferRequest(InputStream body) throws IOException {
        try (JsonParser parser = OipJson.FACTORY.createParser(body)) {
            try {
                return RequestReader.readWithParameters(parser);
            } catch (JsonProcessingException e) {
                throw MalformedJson.of(e, parser);
            }
        }
    }

    /**
     * Reads an inference request with its request-level {@code "parameters"}.
     *
     * @param body the JSON text
     * @return the request and its parameters (empty when none)
     * @throws InvalidInputException when the text is not a valid request, saying what to fix
     */
    public static OipRequest readInferRequest(String body) {
        try {
            return readInferRequest(new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a request of Triton's binary tensor data extension: {@code headerLength} bytes of JSON, then the raw bytes
     * of the inputs that give {@code "parameters": {"binary_data_size": n}}, in the order the JSON lists them
     * (little-endian, row-major; BOOL one byte each; BYTES elements a 4-byte little-endian length then the bytes).
     * Numeric inputs are slices of {@code body}: nothing is copied, and a direct buffer gives direct tensors.
     *
     * @param body the whole body, from its position to its limit; not modified (its position stays)
     * @param headerLength the value of {@code Inference-Header-Content-Length}
     * @return the request, its parameters and the outputs asked for as binary data
     * @throws InvalidInputException when the header is longer than the body, a size does not fit its input's shape,
     *         the sizes do not add up to the binary data, or the JSON is not a valid request
     * @since 1.2
     */
    public static OipRequest readInferRequest(ByteBuffer body, int headerLength) {
        int length = body.remaining();
        if (headerLength < 0 || headerLength > length) {
            throw new InvalidInputException("Inference-Header-Content-Length " + headerLength + " does not fit the body of "
                    + length + " bytes: it gives the length of the JSON header, which the tensor bytes follow");
        }
        ByteBuffer whole = body.duplicate();
        byte[] header = new byte[headerLength];
        whole.get(header);
        BinaryRegion binary = new BinaryRegion(whole);
        try (JsonParser parser = OipJson.FACTORY.createParser(header)) {
            try {
                return RequestReader.readWithParameters(parser, binary);
            } catch (JsonProcessingException e) {
                throw MalformedJson.of(e, parser);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A response in the form of Triton's binary tensor data extension: the outputs for which {@code binary} says
     * true go as raw bytes after the JSON (with {@code "parameters": {"binary_data_size"}}), the others as JSON data.
     *
     * @param response the response
     * @param parameters the response-level parameters (none: empty map)
     * @param binary which outputs go as binary data, by name ({@link OipRequest#binaryOutput(String)})
     * @return the header and the bytes to send
     * @since 1.2
     */
    public static BinaryResponse binaryResponse(InferenceResponse response, Map<String, ?> parameters,
            Predicate<String> binary) {
        List<BinaryOutput> raw = new ArrayList<>(response.outputs().size());
        for (Tensor output : response.outputs()) {
            if (binary.test(output.name())) {
                raw.add(BinaryOutput.of(output));
            }
        }
        ByteArrayOutputStream header = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = OipJson.FACTORY.createGenerator(header)) {
            MetadataWriter.response(generator, response, parameters, raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BinaryResponse(header.toByteArray(), raw);
    }

    /**
     * Reads the body of a repository index request; an empty body means every model.
     *
     * @param body the JSON body; read to its end, not closed
     * @return what to list
     * @throws InvalidInputException when the body is not a JSON object or "ready" is not a boolean
     * @throws IOException when reading the stream fails
     */
    public static RepositoryIndexRequest readRepositoryIndexRequest(InputStream body) throws IOException {
        try (JsonParser parser = OipJson.FACTORY.createParser(body)) {
            try {
                return IndexRequestReader.read(parser);
            } catch (JsonProcessingException e) {
                throw MalformedJson.of(e, parser);
            }
        }
    }

    /**
     * Writes an inference response {@code {"model_name", "model_version", "id", "outputs": [{"name",
     * "datatype", "shape", "data"}]}}, data flat.
     *
     * @param response the response
     * @param out where to write; flushed, not closed
     * @throws IOException when writing fails
     */
    public static void writeResponse(InferenceResponse response, OutputStream out) throws IOException {
        try (JsonGenerator generator = OipJson.FACTORY.createGenerator(out)) {
            MetadataWriter.response(generator, response);
        }
    }

    /**
     * Writes an inference response with a response-level {@code "parameters"} object after the outputs (plain values:
     * maps, lists, strings, numbers, booleans); with no parameters the body is exactly
     * {@link #writeResponse(InferenceResponse, OutputStream)}'s.
     *
     * @param response the response
     * @param parameters the parameters, written in the map's order
     * @param out where to write; flushed, not closed
     * @throws IOException when writing fails
     */
    public static void writeResponse(InferenceResponse response, Map<String, ?> parameters, OutputStream out)
            throws IOException {
        try (JsonGenerator generator = OipJson.FACTORY.createGenerator(out)) {
            MetadataWriter.response(generator, response, parameters);
        }
    }

    /**
     * Writes a JSON document of plain values (maps, lists, strings, numbers, booleans), for extension endpoints.
     *
     * @param value the document
     * @param out where to write; flushed, not closed
     * @throws IOException when writing fails
     */
    public static void writeValue(Object value, OutputStream out) throws IOException {
        try (JsonGenerator generator = OipJson.FACTORY.createGenerator(out)) {
            ParameterValues.write(generator, value);
        }
    }

    /**
     * An inference response as JSON text, on one line.
     *
     * @param response the response
     * @return the JSON
     */
    public static String toJson(InferenceResponse response) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeResponse(response, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Writes model metadata {@code {"name", "versions", "platform", "inputs": [{"name", "datatype",
     * "shape"}], "outputs"}}; dynamic dimensions are -1. The platform is {@code backend_format}
     * ({@code onnxruntime_onnx}) as in Triton, or the bare format when no backend serves the model.
     *
     * @param model the model
     * @param out where to write; flushed, not closed
     * @throws IOException when writing fails
     */
    public static void writeModelMetadata(ModelInfo model, OutputStream out) throws IOException {
        try (JsonGenerator generator = OipJson.FACTORY.createGenerator(out)) {
            MetadataWriter.model(generator, model);
        }
    }

    /**
     * Writes server metadata {@code {"name": "modelgate", "version", "extensions"}}.
     *
     * @param version the Modelgate version
     * @param extensions the protocol extensions served, e.g. {@code model_repository}
     * @param out where to write; flushed, not closed
     * @throws IOException when writing fails
     */
    public static void writeServerMetadata(String version, List<String> extensions, OutputStream out)
            throws IOException {
        try (JsonGenerator generator = OipJson.FACTORY.createGenerator(out)) {
            MetadataWriter.server(generator, version, extensions);
        }
    }

    /**
     * Writes a repository index: an array of {@code {"name", "version", "state", "reason"}}.
     *
     * <p>States use Triton's words: READY, LOADING, or UNAVAILABLE with a reason (the failure, or
     * "unloaded" / "unavailable" / "failed" when the model gives none). The reason is "" otherwise.
     *
     * @param models the models to list
     * @param out where to write; flushed, not closed
     * @throws IOException when writing fails
     */
    public static void writeRepositoryIndex(List<ModelInfo> models, OutputStream out) throws IOException {
        try (JsonGenerator generator = OipJson.FACTORY.createGenerator(out)) {
            generator.writeStartArray();
            for (ModelInfo model : models) {
                MetadataWriter.indexEntry(generator, model);
            }
            generator.writeEndArray();
        }
    }

    /**
     * Writes one repository index entry {@code {"name", "version", "state", "reason"}}.
     *
     * @param model the model
     * @param out where to write; flushed, not closed
     * @throws IOException when writing fails
     */
    public static void writeRepositoryEntry(ModelInfo model, OutputStream out) throws IOException {
        try (JsonGenerator generator = OipJson.FACTORY.createGenerator(out)) {
            MetadataWriter.indexEntry(generator, model);
        }
    }

    /**
     * Writes a readiness body {@code {"ready": true}} or {@code {"ready": false, "error": reason}}
     * (with {@code "name"} first when given, for a model's readiness).
     *
     * @param name the model name, or null for the server
     * @param ready whether ready
     * @param reason why not, or null
     * @param out where to write; flushed, not closed
     * @throws IOException when writing fails
     */
    public static void writeReadiness(String name, boolean ready, String reason, OutputStream out)
            throws IOException {
        try (JsonGenerator generator = OipJson.FACTORY.createGenerator(out)) {
            generator.writeStartObject();
            if (name != null) {
                generator.writeStringField("name", name);
            }
            generator.writeBooleanField("ready", ready);
            if (reason != null) {
                generator.writeStringField("error", reason);
            }
            generator.writeEndObject();
        }
    }

    /**
     * Writes {@code {"live": true}}.
     *
     * @param out where to write; flushed, not closed
     * @throws IOException when writing fails
     */
    public static void writeLiveness(OutputStream out) throws IOException {
        try (JsonGenerator generator = OipJson.FACTORY.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeBooleanField("live", true);
            generator.writeEndObject();
        }
    }

    /**
     * Writes an error {@code {"error": message}}.
     *
     * @param message what went wrong
     * @param out where to write; flushed, not closed
     * @throws IOException when writing fails
     */
    public static void writeError(String message, OutputStream out) throws IOException {
        try (JsonGenerator generator = OipJson.FACTORY.createGenerator(out)) {
            MetadataWriter.error(generator, message);
        }
    }

    /**
     * An error as JSON text.
     *
     * @param message what went wrong
     * @return {@code {"error": message}}
     */
    public static String errorJson(String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeError(message, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static InferenceRequest read(JsonParser parser) throws IOException {
        try {
            return RequestReader.read(parser);
        } catch (JsonProcessingException e) {
            throw MalformedJson.of(e, parser);
        }
    }
}
