package org.modelgate.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.traffic.GuardReading;
import org.modelgate.traffic.TrafficManager;
import org.modelgate.traffic.TrafficPolicy;
import org.modelgate.traffic.TrafficStatus;

/**
 * Feature: {@code /v2/models/{name}/traffic} over real HTTP: a policy starts from its JSON, its status is answered,
 * promote and rollback take an optional reason, a bad policy is 400 naming the field, a conflict 409, and 503 names the
 * traffic feature while it is absent. Requests carry {@code parameters.route_key} to the inference service.
 */
class TrafficEndpointTest extends OipEndpointSteps {
    private final OneModelTraffic traffic = new OneModelTraffic();

    @Test
    void aPolicyStartsFromItsJsonAndItsStatusIsAnswered() throws Exception {
        givenTheTrafficManagerRuns();

        whenPosting("/v2/models/iris/traffic", "{\"challenger\": \"1.1.0\", \"percent\": 20, \"sticky\": true, "
                + "\"guards\": [{\"metric\": \"error_rate\", \"limit\": 0.01, \"min_samples\": 200}], \"time_limit_seconds\": 600}");

        thenStatusIs(200);
        assertThat(traffic.started).singleElement().satisfies(p -> {
            assertThat(p.challenger()).isEqualTo("1.1.0");
            assertThat(p.percent()).isEqualTo(20);
            assertThat(p.sticky()).isTrue();
            assertThat(p.timeLimit().toSeconds()).isEqualTo(600);
        });
        assertThat(response.body()).startsWith("{\"model\":\"iris\",\"state\":\"RUNNING\",\"champion\":\"1.0.0\","
                + "\"challenger\":\"1.1.0\",\"policy\":{\"challenger\":\"1.1.0\",\"mode\":\"split\",\"percent\":20.0,"
                + "\"sticky\":true,\"guards\":[{\"metric\":\"error_rate\",\"limit\":0.01,\"min_samples\":200}],"
                + "\"time_limit_seconds\":600.0},\"started\":\"2026-12-07T06:00:00Z\",\"ended\":null,\"reason\":null,"
                + "\"challenger_requests\":0,\"readings\":[{\"metric\":\"error_rate\",\"limit\":0.01,\"min_samples\":200,"
                + "\"samples\":0,\"value\":null,\"verdict\":\"WAITING\"}]}");

        whenGetting("/v2/models/iris/traffic");
        thenStatusIs(200);
        assertThat(response.body()).contains("\"state\":\"RUNNING\"");
    }

    @Test
    void promoteAndRollbackTakeAReasonAndAnEndedPolicyIsAConflict() throws Exception {
        givenTheTrafficManagerRuns();
        whenPosting("/v2/models/iris/traffic", "{\"challenger\": \"1.1.0\"}");

        whenPosting("/v2/models/iris/traffic/promote", "{\"reason\": \"looks good\"}");
        thenStatusIs(200);
        assertThat(response.body()).contains("\"state\":\"PROMOTED\"").contains("\"reason\":\"by the operator: looks good\"");

        whenPosting("/v2/models/iris/traffic/rollback", "");
        thenErrorIs(409, "no traffic policy runs for model 'iris'");
        whenPosting("/v2/models/digits/traffic/promote", "");
        thenErrorIs(404, "no model 'digits' is in the repository");
    }

    @Test
    void aBadPolicyIsRefusedNamingTheField() throws Exception {
        givenTheTrafficManagerRuns();

        whenPosting("/v2/models/iris/traffic", "{\"challenger\": \"1.1.0\", \"percent\": \"ten\"}");
        thenErrorIs(400, "\"percent\" must be a number, not ten");
        whenPosting("/v2/models/iris/traffic", "{\"challenger\": \"1.1.0\", \"precent\": 10}");
        thenErrorIs(400, "traffic policy has no field \"precent\"; fields are [challenger, guards, mode, percent, sticky, "
                + "time_limit_seconds]");
        whenPosting("/v2/models/iris/traffic", "{\"percent\": 10}");
        thenErrorIs(400, "traffic policy needs \"challenger\": the version to try, as text");
        whenPosting("/v2/models/iris/traffic", "{\"challenger\": \"1.1.0\", \"guards\": [{\"metric\": \"speed\", \"limit\": 1}]}");
        thenErrorIs(400, "unknown guard metric 'speed'; metrics are error_rate, p95_latency, drift, accuracy, agreement");
        whenPosting("/v2/models/iris/traffic", "{\"challenger\": \"1.1.0\", \"percent\": 150}");
        thenErrorIs(400, "percent must be above 0 and at most 100, not 150.0");
        whenPosting("/v2/models/iris/traffic", "{\"challenger\": \"1.1.0\", \"mode\": \"canary\"}");
        thenErrorIs(400, "\"mode\" is split or shadow, not canary");
        whenPosting("/v2/models/iris/traffic", "{\"challenger\": ");
        thenStatusIs(400);
        assertThat(response.body()).contains("the traffic policy is not valid JSON");
        whenPosting("/v2/models/iris/traffic", "");
        thenStatusIs(400);
        whenPosting("/v2/models/iris/traffic/rollback", "{\"why\": \"x\"}");
        thenErrorIs(400, "unknown field \"why\"; the body is empty or {\"reason\": \"...\"}");

        assertThat(traffic.started).as("no policy started from a bad body").isEmpty();
        thenTheServerStillServes();
    }

    @Test
    void withoutTheTrafficFeatureTheEndpointsAnswer503() throws Exception {
        whenPosting("/v2/models/iris/traffic", "{\"challenger\": \"1.1.0\"}");
        thenStatusIs(503);
        assertThat(response.body()).contains("the traffic feature, bundle org.modelgate.traffic, is not running");
    }

    @Test
    void theRouteKeyParameterReachesTheInferenceService() throws Exception {
        whenPosting("/v2/models/iris/infer", IRIS_REQUEST.replace("\"inputs\"", "\"parameters\":{\"route_key\":\"user-42\"},\"inputs\""));
        thenStatusIs(200);
        assertThat(server.gateway.lastRouteKey).isEqualTo("user-42");

        whenPosting("/v2/models/iris/infer", IRIS_REQUEST.replace("\"inputs\"", "\"parameters\":{\"route_key\":true},\"inputs\""));
        thenErrorIs(400, "parameter route_key must be text or a whole number (a user, device or session id), got true");
    }

    private void givenTheTrafficManagerRuns() {
        server.servlet.traffic = new TrafficPolicyEndpoints(traffic);
    }

    /** A traffic manager of one model, iris at 1.0.0: policies start and end as the operator says. */
    private static final class OneModelTraffic implements TrafficManager {
        final List<TrafficPolicy> started = new ArrayList<>();
        private TrafficStatus status;

        @Override
        public synchronized TrafficStatus start(String model, TrafficPolicy policy) {
            started.add(policy);
            status = new TrafficStatus(model, "1.0.0", policy.challenger(), policy, TrafficStatus.State.RUNNING,
                    Instant.parse("2026-12-07T06:00:00Z"), null, null, 0, policy.guards().stream()
                            .map(g -> new GuardReading(g, 0, Double.NaN, GuardReading.Verdict.WAITING)).toList());
            return status;
        }

        @Override
        public synchronized Optional<TrafficStatus> status(String model) {
            return Optional.ofNullable(status).filter(s -> s.model().equals(model));
        }

        @Override
        public synchronized List<TrafficStatus> policies() {
            return status == null ? List.of() : List.of(status);
        }

        @Override
        public TrafficStatus promote(String model, String reason) {
            return end(model, TrafficStatus.State.PROMOTED, reason);
        }

        @Override
        public TrafficStatus rollback(String model, String reason) {
            return end(model, TrafficStatus.State.ROLLED_BACK, reason);
        }

        private synchronized TrafficStatus end(String model, TrafficStatus.State state, String reason) {
            if (!model.equals("iris")) {
                throw new ModelNotFoundException("no model '" + model + "' is in the repository");
            }
            if (status == null || status.state() != TrafficStatus.State.RUNNING) {
                throw new IllegalStateException("no traffic policy runs for model '" + model + "'");
            }
            status = new TrafficStatus(model, status.champion(), status.challenger(), status.policy(), state,
                    status.started(), Instant.parse("2026-12-07T06:05:00Z"), "by the operator: " + reason, 0, status.readings());
            return status;
        }
    }
}
