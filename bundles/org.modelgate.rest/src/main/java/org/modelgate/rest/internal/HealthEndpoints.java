package org.modelgate.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import org.modelgate.api.InvalidInputException;
import org.modelgate.api.ModelRegistry;
import org.modelgate.json.StrictJson;
import org.modelgate.monitor.health.Feedback;
import org.modelgate.monitor.health.FeedbackRefusedException;
import org.modelgate.monitor.health.FeedbackResult;
import org.modelgate.monitor.health.HealthReport;
import org.modelgate.monitor.health.ModelHealth;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The monitor and feedback endpoints over the {@link ModelHealth} service; registered only while that service
 * is (its class is loaded only then, so the rest bundle runs without the health bundle).
 */
@Component(service = MonitorEndpoints.class)
public class HealthEndpoints implements MonitorEndpoints {
    static final int GONE = 410;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ModelRegistry registry;

    private final ModelHealth health;

    /**
     * @param health the health service
     */
    @Activate
    public HealthEndpoints(@Reference ModelHealth health) {
        this.health = health;
    }

    @Override
    public void monitor(String model, String version, HttpServletResponse response) throws IOException {
        Optional<HealthReport> report = version == null ? health.report(model) : health.report(model, version);
        if (report.isEmpty() && version != null && known(model)) {
            Replies.error(response, ErrorStatus.NOT_FOUND, "version " + version + " of model '" + model
                    + "' has no window: it served no request since the gateway started, or it left (the monitor keeps"
                    + " the serving version and the two last recorded others)");
            return;
        }
        if (report.isEmpty()) {
            Replies.error(response, ErrorStatus.NOT_FOUND, known(model)
                    ? "model '" + model + "' has served no request since the gateway started; its window fills as it serves"
                    : "model '" + model + "' is not in the repository");
            return;
        }
        Replies.begin(response, 200);
        try (JsonGenerator json = HealthJson.JSON.createGenerator(response.getOutputStream())) {
            HealthJson.report(report.get(), json);
        }
    }

    @Override
    public void feedback(String model, InputStream body, HttpServletResponse response) throws IOException {
        Asked asked = read(body);
        FeedbackResult result;
        try {
            result = health.feedback(model, asked.id, asked.feedback);
        } catch (FeedbackRefusedException e) {
            Replies.error(response, status(e.reason()), e.getMessage());
            return;
        }
        Replies.begin(response, 200);
        try (JsonGenerator json = HealthJson.JSON.createGenerator(response.getOutputStream())) {
            HealthJson.result(result, json);
        }
    }

    private boolean known(String model) {
        ModelRegistry r = registry;
        return r == null || r.model(model).isPresent();
    }

    static int status(FeedbackRefusedException.Reason reason) {
        switch (reason) {
            case UNKNOWN_MODEL:
            case UNKNOWN_ID:
                return ErrorStatus.NOT_FOUND;
            case EXPIRED_ID:
                return GONE;
            default:
                return ErrorStatus.BAD_REQUEST;
        }
    }

    private record Asked(String id, Feedback feedback) {
    }

    private static final String SHAPE = "the feedback body must be {\"id\": \"<request id>\", \"label\": \"<class>\"} "
            + "or {\"id\": \"<request id>\", \"value\": <number>}";

    /** {"id": ..., "label": ...} or {"id": ..., "value": ...}. */
    static Asked read(InputStream body) throws IOException {
        try (JsonParser parser = StrictJson.parser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidInputException(SHAPE);
            }
            String id = null;
            String label = null;
            Double value = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "id":
                        id = text(parser, token, "id");
                        break;
                    case "label":
                        label = text(parser, token, "label");
                        break;
                    case "value":
                        if (!token.isNumeric()) {
                            throw new InvalidInputException("\"value\" must be a number, got " + parser.getText());
                        }
                        value = parser.getDoubleValue();
                        break;
                    default:
                        throw new InvalidInputException("unknown field \"" + field + "\"; " + SHAPE);
                }
            }
            if (id == null || id.isBlank() || (label == null) == (value == null)) {
                throw new InvalidInputException(SHAPE);
            }
            return new Asked(id, label != null ? Feedback.ofLabel(label) : Feedback.ofValue(value));
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("the feedback body is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonParser parser, JsonToken token, String field) throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            throw new InvalidInputException("\"" + field + "\" must be a string, got " + parser.getText());
        }
        return parser.getText();
    }
}
