package org.modelgate.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

import org.modelgate.api.InvalidInputException;
import org.modelgate.api.Operator;
import org.modelgate.api.ProfileListener;
import org.modelgate.api.ProfileEnergy;
import org.modelgate.api.ProfileMeasurement;
import org.modelgate.api.ProfileReport;
import org.modelgate.api.ProfileRequest;
import org.modelgate.json.StrictJson;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Modelgate's profiling extension: {@code POST /v2/models/{name}/profile} (optional body {@code {"runs": N}})
 * profiles the model on this device and answers the report; {@code GET} answers the last report.
 */
final class ProfileEndpoints {
    private static final JsonFactory JSON = new JsonFactory();
    private final Services services;

    ProfileEndpoints(Services services) {
        this.services = services;
    }

    void handle(Route route, HttpServletRequest request, HttpServletResponse response, long limit) throws IOException {
        if ("POST".equals(request.getMethod())) {
            ProfileRequest asked = ProfileRequest.ofRuns(runs(new BoundedInputStream(request.getInputStream(), limit)));
            ProfileReport report;
            try {
                report = Operator.call(RestOperator.of(request), () -> services.registry().profile(route.model(), asked,
                        ProfileListener.NONE));
            } catch (UnsupportedOperationException e) {
                Replies.error(response, 501, "this gateway's model registry cannot profile models");
                return;
            }
            Replies.begin(response, 200);
            write(report, response.getOutputStream());
            return;
        }
        Optional<ProfileReport> last = services.registry().lastProfile(route.model());
        if (last.isEmpty()) {
            Replies.error(response, ErrorStatus.NOT_FOUND, "model '" + route.model() + "' has not been profiled since the "
                    + "gateway started; POST /v2/models/" + route.model() + "/profile profiles it");
            return;
        }
        Replies.begin(response, 200);
        write(last.get(), response.getOutputStream());
    }

    /** The runs asked for: an empty body or {} for the default, else {"runs": N}. */
    static int runs(InputStream body) throws IOException {
        try (JsonParser parser = StrictJson.parser(body)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return ProfileRequest.DEFAULT_RUNS;
            }
            if (token != JsonToken.START_OBJECT) {
                throw new InvalidInputException("the profile request body must be a JSON object such as {\"runs\": 100}");
            }
            int runs = ProfileRequest.DEFAULT_RUNS;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!field.equals("runs")) {
                    throw new InvalidInputException("unknown field \"" + field + "\" in the profile request; it takes \"runs\"");
                }
                if (value != JsonToken.VALUE_NUMBER_INT) {
                    throw new InvalidInputException("\"runs\" must be a whole number, got " + parser.getText());
                }
                runs = parser.getValueAsInt(-1);
            }
            return runs;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("the profile request body is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    static void write(ProfileReport report, OutputStream out) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("model", report.model());
            json.writeStringField("version", report.version());
            json.writeNumberField("runs", report.runs());
            json.writeStringField("started", report.started().toString());
            json.writeArrayFieldStart("candidates");
            for (ProfileMeasurement m : report.measurements()) {
                measurement(m, json);
            }
            json.writeEndArray();
            json.writeFieldName("winner");
            if (report.winner() == null) {
                json.writeNull();
            } else {
                measurement(report.winner(), json);
            }
            json.writeStringField("plan", report.plan());
            json.writeStringField("outcome", report.outcome());
            json.writeEndObject();
        }
    }

    private static void measurement(ProfileMeasurement m, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("backend", m.backend());
        json.writeStringField("driver", m.driver());
        json.writeNumberField("threads", m.threads());
        json.writeStringField("status", m.ok() ? "ok" : "failed");
        json.writeNumberField("load_ms", round(m.loadMillis()));
        if (m.ok()) {
            json.writeNumberField("p50_ms", round(m.p50Millis()));
            json.writeNumberField("p99_ms", round(m.p99Millis()));
            json.writeNumberField("throughput", round(m.throughput()));
            if (m.memoryMiB() != null) {
                json.writeNumberField("memory_mib", round(m.memoryMiB()));
            }
            if (m.energy() != null) {
                energy(m.energy(), json);
            }
        } else {
            json.writeStringField("reason", m.failure());
        }
        json.writeEndObject();
    }

    /** {"joules_per_inference", "watts", "meters"} where a meter read, else {"unavailable": why}. */
    private static void energy(ProfileEnergy energy, JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("energy");
        if (energy.readable()) {
            json.writeNumberField("joules_per_inference", energy.joulesPerInference());
            json.writeNumberField("watts", round(energy.watts()));
            json.writeArrayFieldStart("meters");
            for (String meter : energy.meters()) {
                json.writeString(meter);
            }
            json.writeEndArray();
        } else {
            json.writeStringField("unavailable", energy.unavailable());
        }
        json.writeEndObject();
    }

    /** Microsecond resolution is all a timer on a busy device gives. */
    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
