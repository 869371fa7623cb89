package org.modelgate.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Whether the gateway runs in safe mode, why, and how to leave it. After a number of starts in a row that died
 * (PID {@code org.modelgate.core.registry}: {@code safeModeCrashes} within {@code safeModeWindowSeconds}), the
 * gateway starts in safe mode: the models that were loading, in trial or running requests when it died are not
 * loaded, so a supervisor's restarts cannot turn one bad model into a gateway that never serves. The other models
 * serve as usual.
 *
 * <p>Safe mode lasts across restarts until an operator leaves it ({@link ModelRegistry#leaveSafeMode()},
 * {@code mg:safemode off}) or forces each held-back model (which lifts that model from it).
 *
 * <pre>{@code
 * SafeMode safeMode = registry.safeMode();
 * if (safeMode.active()) {
 *     log.warn(safeMode.statement()); // "safe mode: the gateway died 2 times in a row within 600 s ..."
 * }
 * }</pre>
 *
 * @param active whether the gateway is in safe mode
 * @param since when the gateway entered safe mode, or null when it is not in it
 * @param uncleanEnds how many starts in a row died before safe mode began (0 when not in it)
 * @param windowSeconds within how many seconds those ends happened
 * @param cause what is known about those ends (the crash reports' summaries, or that no report was left)
 * @param withheld each model held back, with what it was doing when the gateway died
 */
@ProviderType
public record SafeMode(boolean active, Instant since, int uncleanEnds, long windowSeconds, String cause,
        Map<String, String> withheld) {

    /** Not in safe mode. */
    public static final SafeMode OFF = new SafeMode(false, null, 0, 0, "", Map.of());

    /** How an operator leaves safe mode, as the statement says it. */
    public static final String HOW_TO_LEAVE = "leave it with mg:safemode off (loads them again, except quarantined "
            + "versions), or force a model: mg:load --force <name>, POST /v2/repository/models/<name>/load?force=true";

    /**
     * Creates the record, copying the map (sorted by model name).
     *
     * @param active whether in safe mode
     * @param since since when, or null
     * @param uncleanEnds the ends in a row
     * @param windowSeconds the window
     * @param cause what is known of the ends
     * @param withheld model name to what it was doing
     */
    public SafeMode {
        Objects.requireNonNull(withheld, "withheld");
        withheld = java.util.Collections.unmodifiableMap(new TreeMap<>(withheld));
        cause = cause == null ? "" : cause;
    }

    /**
     * Whether a model is held back.
     *
     * @param model the model name
     * @return true when safe mode does not load it
     */
    public boolean withholds(String model) {
        return active && withheld.containsKey(model);
    }

    /**
     * One line for logs, consoles and health documents: {@code safe mode: off}, or why the gateway is in safe
     * mode, which models it holds back, and how to leave it.
     *
     * @return the statement, starting with {@code safe mode: }
     */
    public String statement() {
        if (!active) {
            return "safe mode: off";
        }
        return "safe mode: on since " + since + ": the gateway died " + uncleanEnds + " times in a row within "
                + windowSeconds + " s" + (cause.isEmpty() ? "" : " (" + cause + ")") + "; not loaded: "
                + withheld.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                        .collect(Collectors.joining(", "))
                + "; " + HOW_TO_LEAVE;
    }
}
