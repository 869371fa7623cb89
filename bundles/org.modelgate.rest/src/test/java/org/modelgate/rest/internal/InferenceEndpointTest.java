package org.modelgate.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.modelgate.api.ModelState;

/**
 * Feature: POST /v2/models/{name}[/versions/{v}]/infer runs the model and maps every failure to a status.
 */
class InferenceEndpointTest extends OipEndpointSteps {

    @Test
    void inferenceAnswersTheOutputsWithVersionAndId() throws Exception {
        whenPosting("/v2/models/iris/infer", IRIS_REQUEST);
        thenStatusIs(200);
        thenBodyIs(IRIS_RESPONSE);
    }

    @Test
    void aVersionInThePathGoesToThatVersion() throws Exception {
        whenPosting("/v2/models/iris/versions/1.1.0/infer", IRIS_REQUEST);
        thenStatusIs(200);
        assertThat(server.gateway.calls).containsExactly("infer iris 1.1.0");
    }

    @Test
    void aVersionThatIsNotLoadedIsUnavailable() throws Exception {
        whenPosting("/v2/models/iris/versions/1.0.0/infer", IRIS_REQUEST);
        thenErrorIs(503, "version '1.0.0' of model 'iris' is not loaded");
        thenTheServerStillServes();
    }

    @Test
    void malformedJsonIsABadRequest() throws Exception {
        whenPosting("/v2/models/iris/infer", "{\"inputs\":[{\"name\":\"features\",");
        thenErrorIs(400, "unexpected end of JSON at line 1 column 31");
        thenTheServerStillServes();
    }

    @Test
    void syntaxErrorsPointAtTheirPlace() throws Exception {
        whenPosting("/v2/models/iris/infer", "{\"inputs\" [] }");
        thenStatusIs(400);
        assertThat(response.body()).startsWith("{\"error\":\"malformed JSON at line 1 column 11: Unexpected character");
        thenTheServerStillServes();
    }

    @Test
    void anUnknownModelIsNotFound() throws Exception {
        whenPosting("/v2/models/nope/infer", IRIS_REQUEST);
        thenErrorIs(404, "model 'nope' is not in the repository");
        thenTheServerStillServes();
    }

    @Test
    void aWrongDatatypeIsABadRequest() throws Exception {
        whenPosting("/v2/models/iris/infer",
                "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"INT64\",\"data\":[1,2,3,4]}]}");
        thenErrorIs(400, "input 'features' expects FP32[-1,4], got INT64[1,4]");
        thenTheServerStillServes();
    }

    @Test
    void aMissingInputIsABadRequest() throws Exception {
        whenPosting("/v2/models/iris/infer",
                "{\"inputs\":[{\"name\":\"petals\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1]}]}");
        thenErrorIs(400, "model 'iris' needs input 'features' (FP32[-1,4])");
        thenTheServerStillServes();
    }

    @Test
    void dataThatDoesNotFitTheShapeIsABadRequest() throws Exception {
        whenPosting("/v2/models/iris/infer",
                "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}");
        thenErrorIs(400, "input 'features': data has 3 elements, shape [1,4] needs 4");
        assertThat(server.gateway.calls).as("the model never sees a malformed request").isEmpty();
        thenTheServerStillServes();
    }

    @Test
    void aModelThatIsNotLoadedIsUnavailable() throws Exception {
        whenPosting("/v2/models/digits/infer", IRIS_REQUEST);
        thenErrorIs(503, "model 'digits' is UNLOADED; load it first");
        thenTheServerStillServes();
    }

    @Test
    void aFailingBackendIsAServerError() throws Exception {
        whenPosting("/v2/models/broken/infer", IRIS_REQUEST);
        thenErrorIs(500, "backend failed: out of device memory");
        thenTheServerStillServes();
    }

    @Test
    void anUnexpectedFailureIsAServerErrorWithoutItsDetails() throws Exception {
        whenPosting("/v2/models/buggy/infer", IRIS_REQUEST);
        thenErrorIs(500, "internal error (IllegalStateException); see the gateway log");
        assertThat(response.body()).doesNotContain("secret").doesNotContain("at org.");
        thenTheServerStillServes();
    }

    @Test
    void aBinaryHeaderLengthThatIsNotANumberIsRefusedClearly() throws Exception {
        response = server.send("POST", "/v2/models/iris/infer", IRIS_REQUEST, "Inference-Header-Content-Length", "ten");
        thenErrorIs(400, "Inference-Header-Content-Length must be the length of the JSON header in bytes, got 'ten'");
        thenTheServerStillServes();
    }

    @Test
    void withoutTheInferenceServiceInferenceIsUnavailable() throws Exception {
        server.servlet.inference = null;
        whenPosting("/v2/models/iris/infer", IRIS_REQUEST);
        thenErrorIs(503, "the inference service is not available (is org.modelgate.core running?)");
        server.servlet.inference = server.gateway;
        thenTheServerStillServes();
    }

    @Test
    void aModelLoadedLaterIsServed() throws Exception {
        server.gateway.setState("digits", ModelState.READY);
        whenPosting("/v2/models/digits/infer", IRIS_REQUEST.replace("\"r1\"", "\"r2\""));
        thenStatusIs(200);
        assertThat(response.body()).startsWith("{\"model_name\":\"digits\",\"model_version\":\"2.0.0\",\"id\":\"r2\"");
    }
}
