package org.modelgate.rest.internal;

/**
 * The OIP v2 endpoints served under {@code /v2}, with the HTTP method each takes.
 */
enum Endpoint {
    /** {@code GET /v2}. */
    SERVER_METADATA("GET"),
    /** {@code GET /v2/health/live}. */
    SERVER_LIVE("GET"),
    /** {@code GET /v2/health/ready}. */
    SERVER_READY("GET"),
    /** {@code GET /v2/models/{name}[/versions/{v}]}. */
    MODEL_METADATA("GET"),
    /** {@code GET /v2/models/{name}[/versions/{v}]/ready}. */
    MODEL_READY("GET"),
    /** {@code POST /v2/models/{name}[/versions/{v}]/infer}. */
    INFER("POST"),
    /** {@code POST /v2/repository/index} (Triton model repository extension). */
    REPOSITORY_INDEX("POST"),
    /** {@code POST /v2/repository/models/{name}/load}. */
    REPOSITORY_LOAD("POST"),
    /** {@code POST /v2/repository/models/{name}/unload}. */
    REPOSITORY_UNLOAD("POST");

    private final String method;

    Endpoint(String method) {
        this.method = method;
    }

    String method() {
        return method;
    }

    /** Whether a request method reaches this endpoint; HEAD goes where GET does. */
    boolean accepts(String requestMethod) {
        return method.equals(requestMethod) || ("HEAD".equals(requestMethod) && "GET".equals(method));
    }
}
