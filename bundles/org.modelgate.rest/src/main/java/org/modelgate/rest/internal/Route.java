package org.modelgate.rest.internal;

/**
 * Where a path under {@code /v2} leads: the endpoint, and the model and version it names.
 *
 * @param endpoint the endpoint
 * @param model the model name, or null
 * @param version the version, or null for the active one
 */
record Route(Endpoint endpoint, String model, String version) {

    /**
     * Parses the path after {@code /v2}.
     *
     * @param path the servlet path info, e.g. {@code /models/iris/versions/1.0.0/infer}; null or "/" for {@code /v2}
     * @return the route, or null when no endpoint has that path
     */
    static Route parse(String path) {
        if (path == null || path.equals("/") || path.isEmpty()) {
            return new Route(Endpoint.SERVER_METADATA, null, null);
        }
        String[] s = path.substring(1).split("/", -1);
        for (String segment : s) {
            if (segment.isEmpty()) {
                return null;
            }
        }
        switch (s[0]) {
            case "health":
                return health(s);
            case "models":
                return model(s);
            case "repository":
                return repository(s);
            default:
                return null;
        }
    }

    private static Route health(String[] s) {
        if (s.length == 1) {
            return new Route(Endpoint.SERVER_HEALTH, null, null);
        }
        if (s.length != 2) {
            return null;
        }
        switch (s[1]) {
            case "live":
                return new Route(Endpoint.SERVER_LIVE, null, null);
            case "ready":
                return new Route(Endpoint.SERVER_READY, null, null);
            default:
                return null;
        }
    }

    /** models/{name}[/versions/{v}][/ready|/infer|...], models/{name}/traffic[/promote|/rollback]. */
    private static Route model(String[] s) {
        if (s.length < 2) {
            return null;
        }
        String name = s[1];
        if (s.length == 2 && name.equals("stats")) {
            return new Route(Endpoint.MODELS_STATS, null, null); // as in Triton, /v2/models/stats is not a model named stats
        }
        String version = null;
        int next = 2;
        if (s.length >= 4 && s[2].equals("versions")) {
            version = s[3];
            next = 4;
        }
        if (s.length == next) {
            return new Route(Endpoint.MODEL_METADATA, name, version);
        }
        if (version == null && s.length == next + 2 && s[next].equals("traffic")) {
            switch (s[next + 1]) {
                case "promote":
                    return new Route(Endpoint.MODEL_TRAFFIC_PROMOTE, name, null);
                case "rollback":
                    return new Route(Endpoint.MODEL_TRAFFIC_ROLLBACK, name, null);
                default:
                    return null;
            }
        }
        if (s.length != next + 1) {
            return null;
        }
        switch (s[next]) {
            case "ready":
                return new Route(Endpoint.MODEL_READY, name, version);
            case "infer":
                return new Route(Endpoint.INFER, name, version);
            case "stats":
                return new Route(Endpoint.MODEL_STATS, name, version);
            case "config":
                return new Route(Endpoint.MODEL_CONFIG, name, version);
            case "importance":
                return version == null ? new Route(Endpoint.MODEL_IMPORTANCE, name, null) : null;
            case "profile":
                return version == null ? new Route(Endpoint.MODEL_PROFILE, name, null) : null; // profiles the active version
            case "monitor":
                return new Route(Endpoint.MODEL_MONITOR, name, version); // the serving version's window, or that version's
            case "traffic":
                return version == null ? new Route(Endpoint.MODEL_TRAFFIC, name, null) : null; // policies are per model
            case "feedback":
                return version == null ? new Route(Endpoint.MODEL_FEEDBACK, name, null) : null; // the id names the version
            default:
                return null;
        }
    }

    /** repository/index, repository/models/{name}/load|unload. */
    private static Route repository(String[] s) {
        if (s.length == 2 && s[1].equals("index")) {
            return new Route(Endpoint.REPOSITORY_INDEX, null, null);
        }
        if (s.length != 4 || !s[1].equals("models")) {
            return null;
        }
        switch (s[3]) {
            case "load":
                return new Route(Endpoint.REPOSITORY_LOAD, s[2], null);
            case "unload":
                return new Route(Endpoint.REPOSITORY_UNLOAD, s[2], null);
            default:
                return null;
        }
    }
}
