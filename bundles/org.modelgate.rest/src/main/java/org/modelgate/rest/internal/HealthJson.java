package org.modelgate.rest.internal;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import org.modelgate.monitor.drift.DriftReport;
import org.modelgate.monitor.drift.FeatureDrift;
import org.modelgate.monitor.health.AccuracyWindow;
import org.modelgate.monitor.health.Alert;
import org.modelgate.monitor.health.FeedbackResult;
import org.modelgate.monitor.health.HealthReport;
import org.modelgate.monitor.health.LatencyWindow;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/** Health reports and feedback results as JSON; NaN (nothing to say yet) is written as null. */
final class HealthJson {
    static final JsonFactory JSON = new JsonFactory();

    private HealthJson() {
    }

    static void report(HealthReport r, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("model", r.model());
        json.writeStringField("version", r.version());
        json.writeStringField("at", r.at().toString());
        latency(r.latency(), json);
        drift(r, json);
        accuracy(r.accuracy(), json);
        json.writeArrayFieldStart("alerts");
        for (Alert a : r.alerts()) {
            alert(a, json);
        }
        json.writeEndArray();
        json.writeNumberField("dropped", r.droppedRecords());
        json.writeNumberField("nonFinite", r.nonFiniteInputs());
        json.writeArrayFieldStart("features");
        for (String f : r.features()) {
            json.writeString(f);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void latency(LatencyWindow l, JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("latency");
        json.writeNumberField("count", l.count());
        number("p50_ms", l.p50Millis(), json);
        number("p95_ms", l.p95Millis(), json);
        number("p99_ms", l.p99Millis(), json);
        number("requests_per_second", l.requestsPerSecond(), json);
        number("baseline_p95_ms", l.baselineP95Millis(), json);
        number("previous_p95_ms", l.previousP95Millis(), json);
        json.writeBooleanField("regressed", l.regressed());
        json.writeEndObject();
    }

    private static void drift(HealthReport r, JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("drift");
        if (r.drift().isEmpty()) {
            json.writeStringField("unavailable", r.driftUnavailable());
            json.writeEndObject();
            return;
        }
        DriftReport d = r.drift().get();
        json.writeBooleanField("ready", d.ready());
        json.writeNumberField("rows", d.rows());
        json.writeBooleanField("drifted", d.drifted());
        number("share", d.driftedShare(), json);
        json.writeArrayFieldStart("features");
        for (FeatureDrift f : d.features()) {
            feature(f, json);
        }
        json.writeEndArray();
        optionalFeature("predictions", d.predictions(), json);
        optionalFeature("confidence", d.confidence(), json);
        json.writeEndObject();
    }

    private static void optionalFeature(String name, Optional<FeatureDrift> f, JsonGenerator json) throws IOException {
        if (f.isPresent()) {
            json.writeFieldName(name);
            feature(f.get(), json);
        }
    }

    /** statistic: the p-value for a test (held against a p-value threshold), else the distance. */
    private static void feature(FeatureDrift f, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", f.feature());
        json.writeStringField("method", f.decidedBy().statistic());
        number("statistic", f.decidedBy().isTest() ? f.decidedBy().pValue() : f.decidedBy().value(), json);
        if (f.decidedBy().isTest()) {
            number("test_statistic", f.decidedBy().value(), json);
        }
        number("threshold", f.threshold(), json);
        json.writeBooleanField("drifted", f.drifted());
        number("psi", f.psi(), json);
        json.writeStringField("psi_level", f.psiLevel());
        json.writeNumberField("samples", f.samples());
        json.writeNumberField("nonFinite", f.nonFinite());
        json.writeEndObject();
    }

    private static void accuracy(AccuracyWindow a, JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("accuracy");
        json.writeNumberField("labelled", a.labelled());
        number("accuracy", a.accuracy(), json);
        json.writeObjectFieldStart("recall");
        for (Map.Entry<String, Double> e : new java.util.TreeMap<>(a.recall()).entrySet()) {
            number(e.getKey(), e.getValue(), json);
        }
        json.writeEndObject();
        number("mae", a.meanAbsoluteError(), json);
        json.writeEndObject();
    }

    static void alert(Alert a, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("model", a.model());
        json.writeStringField("version", a.version());
        json.writeStringField("kind", a.kind());
        json.writeStringField("subject", a.subject());
        json.writeStringField("statistic", a.statistic());
        number("value", a.value(), json);
        number("threshold", a.threshold(), json);
        json.writeStringField("evidence", a.evidence());
        json.writeStringField("state", a.state().name());
        json.writeStringField("since", a.since().toString());
        json.writeEndObject();
    }

    static void result(FeedbackResult r, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("model", r.model());
        json.writeStringField("version", r.version());
        json.writeStringField("id", r.requestId());
        json.writeStringField("predicted", r.predicted());
        json.writeBooleanField("correct", r.correct());
        number("error", r.error(), json);
        json.writeEndObject();
    }

    private static void number(String field, double value, JsonGenerator json) throws IOException {
        if (Double.isFinite(value)) {
            json.writeNumberField(field, value);
        } else {
            json.writeNullField(field);
        }
    }
}
