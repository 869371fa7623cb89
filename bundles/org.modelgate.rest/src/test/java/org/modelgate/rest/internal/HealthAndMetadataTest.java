package org.modelgate.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.modelgate.api.ModelState;
import org.modelgate.api.SafeMode;

/**
 * Feature: health, server metadata, model metadata and model readiness, as Triton and KServe clients ask.
 */
class HealthAndMetadataTest extends OipEndpointSteps {

    @Test
    void theServerIsLive() throws Exception {
        whenGetting("/v2/health/live");
        thenStatusIs(200);
        thenBodyIs("{\"live\":true}");
    }

    @Test
    void theServerIsReadyWhenInferenceIsPresentAndNothingIsLoading() throws Exception {
        whenGetting("/v2/health/ready");
        thenStatusIs(200);
        thenBodyIs("{\"ready\":true}");
    }

    @Test
    void theServerIsNotReadyWhileAModelIsLoading() throws Exception {
        server.gateway.setState("digits", ModelState.LOADING);
        whenGetting("/v2/health/ready");
        thenStatusIs(503);
        thenBodyIs("{\"ready\":false,\"error\":\"models still loading: digits\"}");
    }

    @Test
    void theServerIsNotReadyWithoutTheInferenceService() throws Exception {
        server.servlet.inference = null;
        whenGetting("/v2/health/ready");
        thenStatusIs(503);
        thenBodyIs("{\"ready\":false,\"error\":\"the inference service is not available (is org.modelgate.core running?)\"}");
    }

    @Test
    void theHealthDocumentSaysLiveReadyAndSafeModeOff() throws Exception {
        whenGetting("/v2/health");
        thenStatusIs(200);
        thenBodyIs("{\"live\":true,\"ready\":true,\"safe_mode\":{\"active\":false,\"statement\":\"safe mode: off\"}}");
    }

    @Test
    void inSafeModeTheHealthDocumentSaysWhyWhatIsHeldBackAndHowToLeave() throws Exception {
        server.gateway.safeMode = new SafeMode(true, Instant.parse("2026-12-07T00:00:00Z"), 2, 600,
                "no crash report: killed or powered off", Map.of("div", "1.0.0 in trial when the gateway died"));
        whenGetting("/v2/health");
        thenStatusIs(200);
        thenBodyIs("{\"live\":true,\"ready\":true,\"safe_mode\":{\"active\":true,\"statement\":\""
                + server.gateway.safeMode.statement() + "\",\"since\":\"2026-12-07T00:00:00Z\",\"unclean_ends\":2,"
                + "\"window_seconds\":600,\"cause\":\"no crash report: killed or powered off\","
                + "\"withheld\":{\"div\":\"1.0.0 in trial when the gateway died\"},\"leave\":\"" + SafeMode.HOW_TO_LEAVE
                + "\"}}");
        assertThat(server.gateway.safeMode.statement()).startsWith("safe mode: on since 2026-12-07T00:00:00Z: the gateway "
                + "died 2 times in a row within 600 s (no crash report: killed or powered off); not loaded: div (1.0.0 in "
                + "trial when the gateway died); leave it with mg:safemode off");
        whenGetting("/v2/health/ready");
        thenStatusIs(200);
        thenBodyIs("{\"ready\":true}");
    }

    @Test
    void serverMetadataNamesModelgateItsVersionAndExtensions() throws Exception {
        whenGetting("/v2");
        thenStatusIs(200);
        thenBodyIs("{\"name\":\"modelgate\",\"version\":\"9.8.7\",\"extensions\":[\"binary_tensor_data\",\"statistics\",\"model_configuration\",\"model_repository\"]}");
        whenGetting("/v2/");
        thenBodyIs("{\"name\":\"modelgate\",\"version\":\"9.8.7\",\"extensions\":[\"binary_tensor_data\",\"statistics\",\"model_configuration\",\"model_repository\"]}");
    }

    @Test
    void modelMetadataListsVersionsPlatformInputsAndOutputs() throws Exception {
        whenGetting("/v2/models/iris");
        thenStatusIs(200);
        thenBodyIs("{\"name\":\"iris\",\"versions\":[\"1.0.0\",\"1.1.0\"],\"platform\":\"onnxruntime_onnx\","
                + "\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[-1,4]}],"
                + "\"outputs\":[{\"name\":\"sums\",\"datatype\":\"FP32\",\"shape\":[-1,1]}]}");
    }

    @Test
    void modelMetadataForAKnownVersion() throws Exception {
        whenGetting("/v2/models/iris/versions/1.0.0");
        thenStatusIs(200);
        whenGetting("/v2/models/digits");
        thenStatusIs(200);
        thenBodyIs("{\"name\":\"digits\",\"versions\":[\"2.0.0\"],\"platform\":\"onnx\","
                + "\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[-1,4]}],"
                + "\"outputs\":[{\"name\":\"sums\",\"datatype\":\"FP32\",\"shape\":[-1,1]}]}");
    }

    @Test
    void metadataOfAnUnknownModelOrVersionIsNotFound() throws Exception {
        whenGetting("/v2/models/nope");
        thenErrorIs(404, "model 'nope' is not in the repository");
        whenGetting("/v2/models/iris/versions/3.0.0");
        thenErrorIs(404, "model 'iris' has no version '3.0.0'; its versions are 1.0.0, 1.1.0");
        thenTheServerStillServes();
    }

    @Test
    void aReadyModelIsReady() throws Exception {
        whenGetting("/v2/models/iris/ready");
        thenStatusIs(200);
        thenBodyIs("{\"name\":\"iris\",\"ready\":true}");
        whenGetting("/v2/models/iris/versions/1.1.0/ready");
        thenStatusIs(200);
    }

    @Test
    void aModelNotLoadedIsNotReady() throws Exception {
        whenGetting("/v2/models/digits/ready");
        thenStatusIs(503);
        thenBodyIs("{\"name\":\"digits\",\"ready\":false,\"error\":\"model 'digits' is UNLOADED\"}");
        whenGetting("/v2/models/corrupt/ready");
        thenStatusIs(503);
        thenBodyIs("{\"name\":\"corrupt\",\"ready\":false,"
                + "\"error\":\"model 'corrupt' is FAILED: model.onnx is not an ONNX file\"}");
    }

    @Test
    void aVersionThatIsNotActiveIsNotReady() throws Exception {
        whenGetting("/v2/models/iris/versions/1.0.0/ready");
        thenStatusIs(503);
        thenBodyIs("{\"name\":\"iris\",\"ready\":false,"
                + "\"error\":\"version '1.0.0' of model 'iris' is not loaded: the active one is 1.1.0\"}");
    }

    @Test
    void theChallengerOfATrafficPolicyIsReadyAndServesItsOwnVersion() throws Exception {
        server.gateway.challenger = "1.0.0";
        whenGetting("/v2/models/iris/versions/1.0.0/ready");
        thenStatusIs(200);
        thenBodyIs("{\"name\":\"iris\",\"ready\":true}");
        whenPosting("/v2/models/iris/versions/1.0.0/infer", IRIS_REQUEST);
        thenStatusIs(200);
        assertThat(response.body()).startsWith("{\"model_name\":\"iris\",\"model_version\":\"1.0.0\"");
        whenPosting("/v2/models/iris/versions/1.1.0/infer", IRIS_REQUEST);
        thenBodyIs(IRIS_RESPONSE);
    }

    @Test
    void anUnknownVersionIsNotFoundNamingIt() throws Exception {
        whenPosting("/v2/models/iris/versions/9.9.9/infer", IRIS_REQUEST);
        thenErrorIs(404, "model 'iris' has no version '9.9.9'; its versions are 1.0.0, 1.1.0");
        whenGetting("/v2/models/iris/versions/9.9.9/ready");
        thenErrorIs(404, "model 'iris' has no version '9.9.9'; its versions are 1.0.0, 1.1.0");
        thenTheServerStillServes();
    }

    @Test
    void readinessOfAnUnknownModelIsNotFound() throws Exception {
        whenGetting("/v2/models/nope/ready");
        thenErrorIs(404, "model 'nope' is not in the repository");
    }

    @Test
    void withoutTheRegistryMetadataIsUnavailable() throws Exception {
        server.servlet.registry = null;
        whenGetting("/v2/models/iris");
        thenErrorIs(503, "the model registry is not available (is org.modelgate.core running?)");
        whenGetting("/v2/health/ready");
        thenStatusIs(200);
    }
}
