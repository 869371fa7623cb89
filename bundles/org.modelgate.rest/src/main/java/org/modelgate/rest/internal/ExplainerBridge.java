package org.modelgate.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.explain.Attribution;
import org.modelgate.explain.Classification;
import org.modelgate.explain.ExplainRefusedException;
import org.modelgate.explain.Explainer;
import org.modelgate.explain.FeatureAttribution;
import org.modelgate.explain.FeatureImportance;
import org.modelgate.explain.Importance;
import org.modelgate.explain.ScoredLabel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The explain bundle's {@link Explainer} as the endpoints' {@link Explanations}: results as JSON values, refusals
 * as HTTP statuses. The only class here that touches {@code org.modelgate.explain}.
 */
@Component(service = Explanations.class)
public class ExplainerBridge implements Explanations {
    private final Explainer explainer;

    /**
     * Creates it.
     *
     * @param explainer the explainer
     */
    @Activate
    public ExplainerBridge(@Reference Explainer explainer) {
        this.explainer = explainer;
    }

    @Override
    public Map<String, Object> parameters(String model, InferenceRequest request, InferenceResponse response,
            InferenceParameters asked) {
        try {
            Map<String, Object> out = new LinkedHashMap<>();
            if (asked.topK() > 0 || asked.confidence()) {
                Classification c = explainer.classify(response, Math.max(1, asked.topK()));
                if (asked.topK() > 0) {
                    List<Object> top = new ArrayList<>();
                    for (ScoredLabel label : c.top()) {
                        top.add(scored(label));
                    }
                    out.put("top_k", top);
                }
                if (asked.confidence()) {
                    Map<String, Object> confidence = new LinkedHashMap<>();
                    confidence.put("max", c.confidence().max());
                    confidence.put("margin", c.confidence().margin());
                    confidence.put("entropy", c.confidence().entropy());
                    out.put("confidence", confidence);
                }
            }
            if (asked.explain()) {
                out.put("attribution", attribution(explainer.attribute(model, response.version(), request)));
            }
            return out;
        } catch (ExplainRefusedException e) {
            throw refused(e);
        }
    }

    @Override
    public Map<String, Object> importance(String model) {
        try {
            Importance importance = explainer.importance(model);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model", importance.model());
            out.put("version", importance.version());
            out.put("rows", importance.rows());
            out.put("repeats", importance.repeats());
            out.put("accuracy", importance.accuracy());
            List<Object> features = new ArrayList<>();
            for (FeatureImportance f : importance.features()) {
                Map<String, Object> feature = new LinkedHashMap<>();
                feature.put("name", f.name());
                feature.put("importance", f.importance());
                feature.put("std", f.std());
                features.add(feature);
            }
            out.put("features", features);
            out.put("inferences", importance.inferences());
            return out;
        } catch (ExplainRefusedException e) {
            throw refused(e);
        }
    }

    private static Map<String, Object> attribution(Attribution a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("method", a.method().id());
        out.put("baseline", a.baseline());
        out.put("target", scored(a.target()));
        out.put("score", a.score());
        out.put("baseline_score", a.baselineScore());
        List<Object> features = new ArrayList<>();
        for (FeatureAttribution f : a.features()) {
            Map<String, Object> feature = new LinkedHashMap<>();
            feature.put("name", f.name());
            feature.put("value", f.value());
            feature.put("attribution", f.attribution());
            features.add(feature);
        }
        out.put("features", features);
        out.put("inferences", a.inferences());
        return out;
    }

    private static Map<String, Object> scored(ScoredLabel label) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label", label.label());
        out.put("index", label.index());
        out.put("score", label.score());
        return out;
    }

    private static ParameterRefusedException refused(ExplainRefusedException e) {
        int status;
        switch (e.reason()) {
            case BAD_PARAMETER:
            case NOT_TABULAR:
                status = ErrorStatus.BAD_REQUEST;
                break;
            case NO_HEALTH_MONITOR:
                status = ErrorStatus.UNAVAILABLE;
                break;
            default:
                status = ErrorStatus.CONFLICT;
                break;
        }
        String message = e.getMessage();
        if (e.parameter() != null && !message.contains(e.parameter())) {
            message = "parameter " + e.parameter() + ": " + message;
        }
        return new ParameterRefusedException(status, message);
    }
}
