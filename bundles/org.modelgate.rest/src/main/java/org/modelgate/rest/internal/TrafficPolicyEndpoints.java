package org.modelgate.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.modelgate.api.Operator;
import org.modelgate.json.StrictJson;
import org.modelgate.traffic.GuardReading;
import org.modelgate.traffic.TrafficManager;
import org.modelgate.traffic.TrafficPolicy;
import org.modelgate.traffic.TrafficStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The traffic policy endpoints over the {@link TrafficManager} service; registered only while that service is (its
 * class is loaded only then, so the rest bundle runs without the traffic bundle). A bad policy is 400 naming the field,
 * a policy already running (or none to end) 409, an unknown model or version 404, a challenger failing its trial 400.
 */
@Component(service = TrafficEndpoints.class)
public class TrafficPolicyEndpoints implements TrafficEndpoints {
    private static final JsonFactory JSON = new JsonFactory();

    private final TrafficManager traffic;

    /**
     * @param traffic the traffic manager
     */
    @Activate
    public TrafficPolicyEndpoints(@Reference TrafficManager traffic) {
        this.traffic = traffic;
    }

    @Override
    public void policy(String model, String method, InputStream body, HttpServletResponse response, String operator)
            throws IOException {
        if (!"POST".equals(method)) {
            Optional<TrafficStatus> status = traffic.status(model);
            if (status.isEmpty()) {
                Replies.error(response, ErrorStatus.NOT_FOUND, "model '" + model + "' has had no traffic policy since the "
                        + "gateway started; POST /v2/models/" + model + "/traffic starts one");
                return;
            }
            reply(response, status.get());
            return;
        }
        Map<String, Object> json = object(body, "the traffic policy", true);
        TrafficPolicy policy;
        try {
            policy = TrafficPolicy.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new ParameterRefusedException(ErrorStatus.BAD_REQUEST, e.getMessage());
        }
        reply(response, refusing(() -> Operator.call(operator, () -> traffic.start(model, policy))));
    }

    @Override
    public void end(String model, boolean promote, InputStream body, HttpServletResponse response, String operator)
            throws IOException {
        Map<String, Object> json = object(body, promote ? "the promotion" : "the rollback", false);
        for (String field : json.keySet()) {
            if (!field.equals("reason")) {
                throw new ParameterRefusedException(ErrorStatus.BAD_REQUEST, "unknown field \"" + field + "\"; the body is "
                        + "empty or {\"reason\": \"...\"}");
            }
        }
        Object reason = json.get("reason");
        if (reason != null && !(reason instanceof String)) {
            throw new ParameterRefusedException(ErrorStatus.BAD_REQUEST, "\"reason\" must be text, not " + reason);
        }
        String why = (String) reason;
        reply(response, refusing(() -> Operator.call(operator, () -> promote ? traffic.promote(model, why)
                : traffic.rollback(model, why))));
    }

    /** The manager's refusals with their statuses: a wrong policy 400, a conflicting state 409. */
    private static TrafficStatus refusing(Supplier<TrafficStatus> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterRefusedException(ErrorStatus.BAD_REQUEST, e.getMessage());
        } catch (IllegalStateException e) {
            throw new ParameterRefusedException(ErrorStatus.CONFLICT, e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(InputStream body, String what, boolean required) throws IOException {
        byte[] bytes = body.readAllBytes();
        if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            if (required) {
                throw new ParameterRefusedException(ErrorStatus.BAD_REQUEST, what + " is missing: the body must be a JSON "
                        + "object such as {\"challenger\": \"1.1.0\", \"percent\": 10}");
            }
            return Map.of();
        }
        Object value;
        try {
            value = StrictJson.read(bytes);
        } catch (IOException e) {
            throw new ParameterRefusedException(ErrorStatus.BAD_REQUEST, what + " is not valid JSON: " + e.getMessage());
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new ParameterRefusedException(ErrorStatus.BAD_REQUEST, what + " must be a JSON object");
        }
        return (Map<String, Object>) map;
    }

    private static void reply(HttpServletResponse response, TrafficStatus status) throws IOException {
        Replies.begin(response, 200);
        write(status, response.getOutputStream());
    }

    /** {@code {"model","state","champion","challenger","policy",...,"readings":[...]}}. */
    static void write(TrafficStatus status, OutputStream out) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("model", status.model());
            json.writeStringField("state", status.state().name());
            json.writeStringField("champion", status.champion());
            json.writeStringField("challenger", status.challenger());
            json.writeFieldName("policy");
            writeValue(json, status.policy().toJson());
            json.writeStringField("started", status.started().toString());
            json.writeStringField("ended", status.ended() == null ? null : status.ended().toString());
            json.writeStringField("reason", status.reason());
            json.writeNumberField("challenger_requests", status.challengerRequests());
            json.writeArrayFieldStart("readings");
            for (GuardReading reading : status.readings()) {
                json.writeStartObject();
                json.writeStringField("metric", reading.guard().metric().jsonName());
                json.writeNumberField("limit", reading.guard().limit());
                json.writeNumberField("min_samples", reading.guard().minSamples());
                json.writeNumberField("samples", reading.samples());
                json.writeFieldName("value");
                if (Double.isNaN(reading.value())) {
                    json.writeNull();
                } else {
                    json.writeNumber(reading.value());
                }
                json.writeStringField("verdict", reading.verdict().name());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                json.writeFieldName(String.valueOf(e.getKey()));
                writeValue(json, e.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof Iterable<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                writeValue(json, item);
            }
            json.writeEndArray();
        } else if (value instanceof Number n) {
            if (n instanceof Long || n instanceof Integer) {
                json.writeNumber(n.longValue());
            } else {
                json.writeNumber(n.doubleValue());
            }
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else {
            json.writeString(value == null ? null : value.toString());
        }
    }
}
