package org.modelgate.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Feature: Triton's model repository extension (index, load, unload) works for existing scripts.
 */
class RepositoryEndpointTest extends OipEndpointSteps {
    private static final String FULL_INDEX = "[{\"name\":\"iris\",\"version\":\"1.1.0\",\"state\":\"READY\",\"reason\":\"\"},"
            + "{\"name\":\"digits\",\"version\":\"2.0.0\",\"state\":\"UNAVAILABLE\",\"reason\":\"unloaded\"},"
            + "{\"name\":\"broken\",\"version\":\"1.0.0\",\"state\":\"READY\",\"reason\":\"\"},"
            + "{\"name\":\"buggy\",\"version\":\"1.0.0\",\"state\":\"READY\",\"reason\":\"\"},"
            + "{\"name\":\"corrupt\",\"version\":\"1.0.0\",\"state\":\"UNAVAILABLE\",\"reason\":\"model.onnx is not an ONNX file\"}]";

    @Test
    void theIndexListsEveryModelForAnEmptyObject() throws Exception {
        whenPosting("/v2/repository/index", "{}");
        thenStatusIs(200);
        thenBodyIs(FULL_INDEX);
    }

    @Test
    void theIndexListsEveryModelForAnEmptyBody() throws Exception {
        whenPosting("/v2/repository/index", "");
        thenStatusIs(200);
        thenBodyIs(FULL_INDEX);
    }

    @Test
    void theIndexListsOnlyReadyModelsWhenAsked() throws Exception {
        whenPosting("/v2/repository/index", "{\"ready\":true}");
        thenStatusIs(200);
        thenBodyIs("[{\"name\":\"iris\",\"version\":\"1.1.0\",\"state\":\"READY\",\"reason\":\"\"},"
                + "{\"name\":\"broken\",\"version\":\"1.0.0\",\"state\":\"READY\",\"reason\":\"\"},"
                + "{\"name\":\"buggy\",\"version\":\"1.0.0\",\"state\":\"READY\",\"reason\":\"\"}]");
    }

    @Test
    void aMalformedIndexRequestIsABadRequest() throws Exception {
        whenPosting("/v2/repository/index", "{\"ready\":\"yes\"}");
        thenErrorIs(400, "\"ready\" must be true or false, got a string");
        whenPosting("/v2/repository/index", "{\"ready\":");
        thenErrorIs(400, "unexpected end of JSON at line 1 column 10");
        thenTheServerStillServes();
    }

    @Test
    void loadingAModelMakesItReady() throws Exception {
        whenPosting("/v2/repository/models/digits/load", "");
        thenStatusIs(200);
        thenBodyIs("{\"name\":\"digits\",\"version\":\"2.0.0\",\"state\":\"READY\",\"reason\":\"\"}");
        whenGetting("/v2/models/digits/ready");
        thenStatusIs(200);
    }

    @Test
    void loadingIgnoresTritonParameters() throws Exception {
        whenPosting("/v2/repository/models/digits/load", "{\"parameters\":{\"config\":\"{}\"}}");
        thenStatusIs(200);
        assertThat(server.gateway.calls).containsExactly("load digits");
    }

    @Test
    void loadingWithForceAsksTheRegistryToLiftTheQuarantine() throws Exception {
        whenPosting("/v2/repository/models/digits/load?force=true", "");
        thenStatusIs(200);
        assertThat(server.gateway.calls).containsExactly("load --force digits");
    }

    @Test
    void aForceThatIsNotABooleanIsABadRequest() throws Exception {
        whenPosting("/v2/repository/models/digits/load?force=yes", "");
        thenErrorIs(400, "force must be true or false, not 'yes'");
        assertThat(server.gateway.calls).isEmpty();
        thenTheServerStillServes();
    }

    @Test
    void loadingAModelThatCannotLoadIsABadRequest() throws Exception {
        whenPosting("/v2/repository/models/corrupt/load", "");
        thenErrorIs(400, "model 'corrupt' cannot be loaded: model.onnx is not an ONNX file");
        thenTheServerStillServes();
    }

    @Test
    void loadingOrUnloadingAnUnknownModelIsNotFound() throws Exception {
        whenPosting("/v2/repository/models/nope/load", "");
        thenErrorIs(404, "model 'nope' is not in the repository");
        whenPosting("/v2/repository/models/nope/unload", "");
        thenErrorIs(404, "model 'nope' is not in the repository");
        thenTheServerStillServes();
    }

    @Test
    void unloadingAModelStopsItServing() throws Exception {
        whenPosting("/v2/repository/models/iris/unload", "{}");
        thenStatusIs(200);
        thenBodyIs("{\"name\":\"iris\",\"version\":\"1.1.0\",\"state\":\"UNAVAILABLE\",\"reason\":\"unloaded\"}");
        whenPosting("/v2/models/iris/infer", IRIS_REQUEST);
        thenErrorIs(503, "model 'iris' is UNLOADED; load it first");
    }
}
