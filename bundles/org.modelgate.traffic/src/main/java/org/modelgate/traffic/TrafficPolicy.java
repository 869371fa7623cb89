package org.modelgate.traffic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * How a challenger version shares a model's traffic with the champion, and what decides its fate.
 *
 * <p>In JSON (REST, MQTT, console), all fields but {@code challenger} optional:
 * <pre>
 * {"challenger": "1.1.0", "mode": "split", "percent": 10, "sticky": true,
 *  "guards": [{"metric": "error_rate", "limit": 0.01, "min_samples": 200},
 *             {"metric": "p95_latency", "limit": 1.2, "min_samples": 200}],
 *  "time_limit_seconds": 1800}
 * </pre>
 *
 * @param challenger the version on trial; it must be installed in the repository
 * @param mode split (the challenger answers its share) or shadow (it runs on a copy; its answer is never returned)
 * @param percent the challenger's share of requests in split mode, 0 &lt; percent &lt;= 100; in shadow mode the share
 *     of requests copied to it
 * @param sticky whether a request's {@code route_key} (REST {@code parameters.route_key}) decides its version, so
 *     one key always meets the same version; requests without a key are split at random
 * @param guards the conditions; the challenger is promoted once every guard passes, rolled back as soon as one
 *     fails; with no guards it is promoted at the time limit
 * @param timeLimit how long the policy may run; at the limit the challenger is promoted if every guard passes, else
 *     rolled back ("not enough evidence")
 */
@ProviderType
public record TrafficPolicy(String challenger, Mode mode, double percent, boolean sticky, List<Guard> guards,
        Duration timeLimit) {
    /** The default time limit: one hour. */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofHours(1);
    private static final Set<String> FIELDS = Set.of("challenger", "mode", "percent", "sticky", "guards",
            "time_limit_seconds");
    private static final Set<String> GUARD_FIELDS = Set.of("metric", "limit", "min_samples");

    /** Whether the challenger answers or only shadows. */
    public enum Mode {
        /** The challenger answers {@code percent} of the requests. */
        SPLIT,
        /** The challenger runs on a copy of {@code percent} of the requests; callers always get the champion's answer. */
        SHADOW
    }

    /**
     * Checks the parts.
     */
    public TrafficPolicy {
        if (challenger == null || challenger.isBlank()) {
            throw new IllegalArgumentException("a traffic policy needs the challenger's version");
        }
        Objects.requireNonNull(mode, "mode");
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent must be above 0 and at most 100, not " + percent);
        }
        guards = List.copyOf(guards);
        if (timeLimit == null) {
            timeLimit = DEFAULT_TIME_LIMIT;
        }
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("time limit must be positive, not " + timeLimit);
        }
    }

    /**
     * Reads a policy from JSON values (a parsed JSON object).
     *
     * @param json the object
     * @return the policy
     * @throws IllegalArgumentException naming the field that is wrong and what it must be
     */
    public static TrafficPolicy fromJson(Map<String, Object> json) {
        unknownFields(json, FIELDS, "traffic policy");
        Object challenger = json.get("challenger");
        if (!(challenger instanceof String)) {
            throw new IllegalArgumentException("traffic policy needs \"challenger\": the version to try, as text");
        }
        Mode mode = Mode.SPLIT;
        Object modeValue = json.get("mode");
        if (modeValue != null) {
            try {
                mode = Mode.valueOf(String.valueOf(modeValue).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"mode\" is split or shadow, not " + modeValue);
            }
        }
        double percent = number(json, "percent", mode == Mode.SHADOW ? 100 : 10);
        Object sticky = json.getOrDefault("sticky", Boolean.FALSE);
        if (!(sticky instanceof Boolean)) {
            throw new IllegalArgumentException("\"sticky\" is true or false, not " + sticky);
        }
        List<Guard> guards = new ArrayList<>();
        Object guardValues = json.getOrDefault("guards", List.of());
        if (!(guardValues instanceof List<?> list)) {
            throw new IllegalArgumentException("\"guards\" is a list of {\"metric\", \"limit\", \"min_samples\"}");
        }
        for (Object g : list) {
            if (!(g instanceof Map<?, ?> guard)) {
                throw new IllegalArgumentException("each guard is an object {\"metric\", \"limit\", \"min_samples\"}, not " + g);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> guardJson = (Map<String, Object>) guard;
            unknownFields(guardJson, GUARD_FIELDS, "guard");
            Object metric = guardJson.get("metric");
            if (!(metric instanceof String)) {
                throw new IllegalArgumentException("a guard needs \"metric\": error_rate, p95_latency, drift, accuracy or agreement");
            }
            if (!guardJson.containsKey("limit")) {
                throw new IllegalArgumentException("guard " + metric + " needs \"limit\"");
            }
            guards.add(new Guard(Guard.Metric.of((String) metric), number(guardJson, "limit", 0),
                    (long) number(guardJson, "min_samples", 100)));
        }
        double seconds = number(json, "time_limit_seconds", DEFAULT_TIME_LIMIT.toSeconds());
        return new TrafficPolicy((String) challenger, mode, percent, (Boolean) sticky, guards,
                Duration.ofMillis((long) (seconds * 1000)));
    }

    /**
     * The policy as JSON values, in the form {@link #fromJson(Map)} reads.
     *
     * @return the object
     */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("challenger", challenger);
        json.put("mode", mode.name().toLowerCase(Locale.ROOT));
        json.put("percent", percent);
        json.put("sticky", sticky);
        List<Object> guardJson = new ArrayList<>();
        for (Guard g : guards) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("metric", g.metric().jsonName());
            one.put("limit", g.limit());
            one.put("min_samples", g.minSamples());
            guardJson.add(one);
        }
        json.put("guards", guardJson);
        json.put("time_limit_seconds", timeLimit.toMillis() / 1000.0);
        return json;
    }

    private static double number(Map<String, Object> json, String field, double fallback) {
        Object value = json.get(field);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("\"" + field + "\" must be a number, not " + value);
    }

    private static void unknownFields(Map<String, Object> json, Set<String> known, String what) {
        for (String key : json.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(what + " has no field \"" + key + "\"; fields are " + new java.util.TreeSet<>(known));
            }
        }
    }
}
