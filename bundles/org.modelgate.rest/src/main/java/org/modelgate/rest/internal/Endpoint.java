package org.modelgate.rest.internal;

/**
 * The OIP v2 endpoints served under {@code /v2}, with the HTTP method each takes.
 */
enum Endpoint {
    /** {@code GET /v2}. */
    SERVER_METADATA("GET"),
    /** {@code GET /v2/health}: liveness, readiness and safe mode in one document (Modelgate's extension). */
    SERVER_HEALTH("GET"),
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
    /** {@code GET /v2/models/stats}: every model's statistics (Triton statistics extension). */
    MODELS_STATS("GET"),
    /** {@code GET /v2/models/{name}[/versions/{v}]/stats} (Triton statistics extension). */
    MODEL_STATS("GET"),
    /** {@code GET /v2/models/{name}[/versions/{v}]/config} (Triton model configuration extension). */
    MODEL_CONFIG("GET"),
    /** {@code POST /v2/repository/index} (Triton model repository extension). */
    REPOSITORY_INDEX("POST"),
    /** {@code POST /v2/repository/models/{name}/load}. */
    REPOSITORY_LOAD("POST"),
    /** {@code POST /v2/repository/models/{name}/unload}. */
    REPOSITORY_UNLOAD("POST"),
    /** {@code POST /v2/models/{name}/profile} profiles, {@code GET} answers the last profile (Modelgate's extension). */
    MODEL_PROFILE("POST", "GET"),
    /** {@code GET /v2/models/{name}/monitor}: the model's live health (Modelgate's extension, needs the health feature). */
    MODEL_MONITOR("GET"),
    /** {@code POST /v2/models/{name}/feedback}: ground truth for an earlier prediction (Modelgate's extension). */
    MODEL_FEEDBACK("POST"),
    /** {@code GET /v2/models/{name}/importance}: permutation importance over the labelled window (Modelgate's extension). */
    MODEL_IMPORTANCE("GET"),
    /** {@code POST /v2/models/{name}/traffic} starts a traffic policy, {@code GET} answers its status (Modelgate's extension). */
    MODEL_TRAFFIC("POST", "GET"),
    /** {@code POST /v2/models/{name}/traffic/promote}: promotes the challenger now. */
    MODEL_TRAFFIC_PROMOTE("POST"),
    /** {@code POST /v2/models/{name}/traffic/rollback}: rolls the challenger back now. */
    MODEL_TRAFFIC_ROLLBACK("POST");

    private final String method;
    private final String alsoMethod;

    Endpoint(String method) {
        this(method, null);
    }

    Endpoint(String method, String alsoMethod) {
        this.method = method;
        this.alsoMethod = alsoMethod;
    }

    /** The methods taken, for an {@code Allow} header: {@code POST}, or {@code POST, GET}. */
    String method() {
        return alsoMethod == null ? method : method + ", " + alsoMethod;
    }

    /** Whether a request method reaches this endpoint; HEAD goes where GET does. */
    boolean accepts(String requestMethod) {
        return takes(method, requestMethod) || alsoMethod != null && takes(alsoMethod, requestMethod);
    }

    /**
     * Whether calls need a management credential: everything but inference, metadata, readiness and health, which
     * access control may leave open ({@code inference=OPEN}). Statistics, configuration, the repository index, the
     * monitor, profiles and traffic status are operational data; the rest changes state.
     */
    boolean management() {
        switch (this) {
            case SERVER_METADATA:
            case SERVER_HEALTH:
            case SERVER_LIVE:
            case SERVER_READY:
            case MODEL_METADATA:
            case MODEL_READY:
            case INFER:
                return false;
            default:
                return true;
        }
    }

    private static boolean takes(String method, String requestMethod) {
        return method.equals(requestMethod) || ("HEAD".equals(requestMethod) && "GET".equals(method));
    }
}
