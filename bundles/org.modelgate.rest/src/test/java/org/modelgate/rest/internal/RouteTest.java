package org.modelgate.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Feature: paths under /v2 lead to their endpoint with the model and version they name.
 */
class RouteTest {

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        "-, SERVER_METADATA, -, -",
        "/, SERVER_METADATA, -, -",
        "/health, SERVER_HEALTH, -, -",
        "/health/live, SERVER_LIVE, -, -",
        "/health/ready, SERVER_READY, -, -",
        "/models/iris, MODEL_METADATA, iris, -",
        "/models/iris/versions/1.0.0, MODEL_METADATA, iris, 1.0.0",
        "/models/iris/ready, MODEL_READY, iris, -",
        "/models/iris/versions/2/ready, MODEL_READY, iris, 2",
        "/models/iris/infer, INFER, iris, -",
        "/models/iris/versions/1.1.0/infer, INFER, iris, 1.1.0",
        "/models/versions/versions/x/infer, INFER, versions, x",
        "/models/stats, MODELS_STATS, -, -",
        "/models/iris/stats, MODEL_STATS, iris, -",
        "/models/iris/versions/1/stats, MODEL_STATS, iris, 1",
        "/models/iris/config, MODEL_CONFIG, iris, -",
        "/models/iris/versions/1/config, MODEL_CONFIG, iris, 1",
        "/repository/index, REPOSITORY_INDEX, -, -",
        "/repository/models/iris/load, REPOSITORY_LOAD, iris, -",
        "/repository/models/iris/unload, REPOSITORY_UNLOAD, iris, -",
    })
    void pathsLeadToTheirEndpoint(String path, Endpoint endpoint, String model, String version) {
        assertThat(Route.parse(path)).isEqualTo(new Route(endpoint, model, version));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health/dead", "/models", "/models/", "/models/iris/", "/models//infer",
        "/models/iris/versions", "/models/iris/versions/1/statistics", "/models/stats/x", "/models/iris/explain", "/repository",
        "/repository/models/iris", "/repository/models/iris/reload", "/metrics", "/models/iris/versions/1/infer/x"})
    void otherPathsLeadNowhere(String path) {
        assertThat(Route.parse(path)).isNull();
    }
}
