package org.modelgate.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.modelgate.monitor.drift.DriftReport;
import org.modelgate.monitor.drift.FeatureDrift;
import org.modelgate.monitor.drift.StatisticValue;
import org.modelgate.monitor.health.AccuracyWindow;
import org.modelgate.monitor.health.Alert;
import org.modelgate.monitor.health.Feedback;
import org.modelgate.monitor.health.FeedbackRefusedException;
import org.modelgate.monitor.health.FeedbackRefusedException.Reason;
import org.modelgate.monitor.health.FeedbackResult;
import org.modelgate.monitor.health.HealthReport;
import org.modelgate.monitor.health.LabelledWindow;
import org.modelgate.monitor.health.LatencyWindow;
import org.modelgate.monitor.health.ModelHealth;

/**
 * Feature: {@code GET /v2/models/{name}/monitor} and {@code POST /v2/models/{name}/feedback} over real HTTP,
 * against a health service that answers one report and takes feedback for the ids it knows: the JSON written,
 * each refusal's status, and 503 naming the health feature while the service is absent.
 */
class MonitorEndpointTest extends OipEndpointSteps {
    private static final Instant AT = Instant.parse("2026-12-07T03:00:00Z");
    private final KnownHealth health = new KnownHealth();

    @Test
    void theMonitorAnswersLatencyDriftAccuracyAndAlerts() throws Exception {
        givenTheHealthServiceRuns();
        whenGetting("/v2/models/iris/monitor");
        thenStatusIs(200);
        thenBodyIs("{\"model\":\"iris\",\"version\":\"1.0.0\",\"at\":\"2026-12-07T03:00:00Z\","
                + "\"latency\":{\"count\":200,\"p50_ms\":1.5,\"p95_ms\":3.0,\"p99_ms\":4.0,\"requests_per_second\":20.0,"
                + "\"baseline_p95_ms\":null,\"previous_p95_ms\":2.5,\"regressed\":false},"
                + "\"drift\":{\"ready\":true,\"rows\":45,\"drifted\":false,\"share\":0.5,\"features\":["
                + "{\"name\":\"petal_length_cm\",\"method\":\"ks\",\"statistic\":0.001,\"test_statistic\":0.4,\"threshold\":0.05,"
                + "\"drifted\":true,\"psi\":0.9,\"psi_level\":\"significant\",\"samples\":45,\"nonFinite\":1},"
                + "{\"name\":\"sepal_length_cm\",\"method\":\"wasserstein\",\"statistic\":0.02,\"threshold\":0.1,"
                + "\"drifted\":false,\"psi\":null,\"psi_level\":\"unknown\",\"samples\":45,\"nonFinite\":0}]},"
                + "\"accuracy\":{\"labelled\":4,\"accuracy\":0.75,\"recall\":{\"setosa\":1.0,\"versicolor\":0.5},\"mae\":null},"
                + "\"alerts\":[{\"model\":\"iris\",\"version\":\"1.0.0\",\"kind\":\"feature-drift\",\"subject\":\"petal_length_cm\","
                + "\"statistic\":\"ks_p_value\",\"value\":0.001,\"threshold\":0.05,\"evidence\":\"ks p-value 0.001 < 0.05\","
                + "\"state\":\"RAISED\",\"since\":\"2026-12-07T03:00:00Z\"}],"
                + "\"dropped\":3,\"nonFinite\":1,\"features\":[\"petal_length_cm\",\"sepal_length_cm\"]}");
    }

    @Test
    void aModelWithoutReferenceSaysWhyThereIsNoDrift() throws Exception {
        givenTheHealthServiceRuns();
        health.unavailable = "model.json has no reference; mgpack reference adds one";
        whenGetting("/v2/models/iris/monitor");
        thenStatusIs(200);
        assertThat(response.body()).contains("\"drift\":{\"unavailable\":\"model.json has no reference; mgpack reference adds one\"}");
    }

    @Test
    void aModelThatNeverServedOrDoesNotExistIsNotFound() throws Exception {
        givenTheHealthServiceRuns();
        whenGetting("/v2/models/digits/monitor");
        thenErrorIs(404, "model 'digits' has served no request since the gateway started; its window fills as it serves");
        whenGetting("/v2/models/nope/monitor");
        thenErrorIs(404, "model 'nope' is not in the repository");
    }

    @Test
    void oneVersionsWindowIsReadUnderItsVersionsPath() throws Exception {
        givenTheHealthServiceRuns();
        whenGetting("/v2/models/iris/versions/1.0.0/monitor");
        thenStatusIs(200);
        assertThat(response.body()).startsWith("{\"model\":\"iris\",\"version\":\"1.0.0\",");
        whenGetting("/v2/models/iris/versions/1.1.0/monitor");
        thenErrorIs(404, "version 1.1.0 of model 'iris' has no window: it served no request since the gateway started,"
                + " or it left (the monitor keeps the serving version and the two last recorded others)");
        whenGetting("/v2/models/nope/versions/1.0.0/monitor");
        thenErrorIs(404, "model 'nope' is not in the repository");
    }

    @Test
    void feedbackIsJudgedAndRefusalsHaveTheirStatus() throws Exception {
        givenTheHealthServiceRuns();
        whenPosting("/v2/models/iris/feedback", "{\"id\": \"req-1\", \"label\": \"setosa\"}");
        thenStatusIs(200);
        thenBodyIs("{\"model\":\"iris\",\"version\":\"1.0.0\",\"id\":\"req-1\",\"predicted\":\"setosa\",\"correct\":true,"
                + "\"error\":null}");
        assertThat(health.given).containsExactly("iris req-1 setosa");

        whenPosting("/v2/models/iris/feedback", "{\"id\": \"req-2\", \"value\": 3.5}");
        thenStatusIs(200);
        assertThat(health.given).last().isEqualTo("iris req-2 3.5");

        whenPosting("/v2/models/iris/feedback", "{\"id\": \"nope\", \"label\": \"setosa\"}");
        thenErrorIs(404, "no prediction has request id 'nope'");
        whenPosting("/v2/models/iris/feedback", "{\"id\": \"old\", \"label\": \"setosa\"}");
        thenErrorIs(410, "request id 'old' no longer takes feedback: expired");
        whenPosting("/v2/models/iris/feedback", "{\"id\": \"req-1\", \"label\": \"rose\"}");
        thenErrorIs(400, "'rose' is not a label of model 'iris'; its labels are [setosa, versicolor, virginica]");
        whenPosting("/v2/models/digits/feedback", "{\"id\": \"req-1\", \"label\": \"setosa\"}");
        thenErrorIs(404, "model 'digits' has served no request");
    }

    @Test
    void badBodiesAreRefusedWithTheShapeExpected() throws Exception {
        givenTheHealthServiceRuns();
        String shape = "the feedback body must be {\"id\": \"<request id>\", \"label\": \"<class>\"} "
                + "or {\"id\": \"<request id>\", \"value\": <number>}";
        whenPosting("/v2/models/iris/feedback", "{\"id\": \"req-1\"}");
        thenErrorIs(400, shape);
        whenPosting("/v2/models/iris/feedback", "{\"id\": \"req-1\", \"label\": \"setosa\", \"value\": 1}");
        thenErrorIs(400, shape);
        whenPosting("/v2/models/iris/feedback", "{\"id\": \"req-1\", \"truth\": \"setosa\"}");
        thenErrorIs(400, "unknown field \"truth\"; " + shape);
        whenPosting("/v2/models/iris/feedback", "{\"id\": \"req-1\", \"value\": \"big\"}");
        thenErrorIs(400, "\"value\" must be a number, got big");
        whenPosting("/v2/models/iris/feedback", "{\"id\": 1");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(health.given).isEmpty();
        thenTheServerStillServes();
    }

    @Test
    void withoutTheHealthServiceBothAnswer503NamingTheFeature() throws Exception {
        whenGetting("/v2/models/iris/monitor");
        thenErrorIs(503, "model health is not available (the health feature, bundle org.modelgate.monitor.health, is not running)");
        whenPosting("/v2/models/iris/feedback", "{\"id\": \"req-1\", \"label\": \"setosa\"}");
        assertThat(response.statusCode()).isEqualTo(503);
        whenGetting("/v2/models/iris/versions/1.0.0/monitor");
        assertThat(response.statusCode()).isEqualTo(503);
        thenTheServerStillServes();
    }

    private void givenTheHealthServiceRuns() {
        HealthEndpoints endpoints = new HealthEndpoints(health);
        endpoints.registry = server.gateway;
        server.servlet.monitoring = endpoints;
    }

    /** A health service that knows model iris, one report of it, and the feedback ids req-1, req-2 and old. */
    private static final class KnownHealth implements ModelHealth {
        final List<String> given = new ArrayList<>();
        String unavailable;

        @Override
        public List<HealthReport> reports() {
            return List.of(report());
        }

        @Override
        public Optional<HealthReport> report(String model) {
            return model.equals("iris") ? Optional.of(report()) : Optional.empty();
        }

        private HealthReport report() {
            FeatureDrift petal = new FeatureDrift("petal_length_cm", new StatisticValue("ks", 0.4, 0.001), 0.05, true, 0.9,
                    "significant", 45, 1);
            FeatureDrift sepal = new FeatureDrift("sepal_length_cm", new StatisticValue("wasserstein", 0.02, Double.NaN), 0.1,
                    false, Double.NaN, "unknown", 45, 0);
            DriftReport drift = new DriftReport(true, 45, List.of(petal, sepal), Optional.empty(), Optional.empty(), 0.5, false);
            Alert alert = new Alert("iris", "1.0.0", Alert.KIND_FEATURE_DRIFT, "petal_length_cm", "ks_p_value", 0.001, 0.05,
                    "ks p-value 0.001 < 0.05", Alert.State.RAISED, AT);
            return new HealthReport("iris", "1.0.0", AT, new LatencyWindow(200, 1.5, 3.0, 4.0, 20.0, Double.NaN, 2.5, false),
                    unavailable == null ? Optional.of(drift) : Optional.empty(), unavailable,
                    new AccuracyWindow(4, 0.75, Map.of("versicolor", 0.5, "setosa", 1.0), Double.NaN), List.of(alert), 3, 1,
                    List.of("petal_length_cm", "sepal_length_cm"));
        }

        @Override
        public FeedbackResult feedback(String model, String requestId, Feedback feedback) {
            if (!model.equals("iris")) {
                throw new FeedbackRefusedException(Reason.UNKNOWN_MODEL, "model '" + model + "' has served no request");
            }
            switch (requestId) {
                case "old":
                    throw new FeedbackRefusedException(Reason.EXPIRED_ID, "request id 'old' no longer takes feedback: expired");
                case "req-1":
                case "req-2":
                    break;
                default:
                    throw new FeedbackRefusedException(Reason.UNKNOWN_ID, "no prediction has request id '" + requestId + "'");
            }
            if (feedback.isLabel() && !List.of("setosa", "versicolor", "virginica").contains(feedback.label())) {
                throw new FeedbackRefusedException(Reason.BAD_LABEL, "'" + feedback.label()
                        + "' is not a label of model 'iris'; its labels are [setosa, versicolor, virginica]");
            }
            given.add(model + " " + requestId + " " + (feedback.isLabel() ? feedback.label() : feedback.value()));
            return new FeedbackResult(model, "1.0.0", requestId, "setosa", feedback.isLabel(), feedback.isLabel() ? Double.NaN : 1.0);
        }

        @Override
        public List<Alert> alerts() {
            return List.of();
        }

        @Override
        public List<Alert> alertLog() {
            return List.of();
        }

        @Override
        public LabelledWindow labelled(String model) {
            return new LabelledWindow(model, null, List.of(), List.of(), List.of(), new double[0]);
        }
    }
}
