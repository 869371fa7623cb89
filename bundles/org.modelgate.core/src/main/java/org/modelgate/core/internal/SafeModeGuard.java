package org.modelgate.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.modelgate.api.SafeMode;

/**
 * Breaks crash loops. Each start that finds the last run died adds an {@link UncleanEnds.End}; an orderly stop
 * forgets them. When {@code crashes} ends in a row fall within {@code window} of this start, the gateway enters
 * safe mode: the models that were in trial, loading or running requests at those ends are held back (not loaded
 * by a start, a backend's arrival or a plain load request). Safe mode is kept across restarts until an operator
 * leaves it ({@link #leave()}) or forces every held-back model ({@link #lift(String)}).
 *
 * <p>Ends at which no model was busy (a power cut while idle, a kill) count, but hold nothing back: when none of
 * the counted ends names a model, the gateway says so and starts normally, since safe mode would change nothing.
 */
final class SafeModeGuard {
    private static final System.Logger LOG = System.getLogger(SafeModeGuard.class.getName());

    private final UncleanEnds record;
    private final int crashes;
    private final Duration window;
    private volatile SafeMode status = SafeMode.OFF;

    /**
     * @param record the durable record (read here)
     * @param crashes unclean ends in a row that start safe mode; 0 never does
     * @param window how close together they must be
     */
    SafeModeGuard(UncleanEnds record, int crashes, Duration window) {
        this.record = record.read();
        this.crashes = crashes;
        this.window = window;
    }

    /**
     * At start, after the crash quarantine looked at what the last run left: counts its end, if it died, and decides
     * whether this start is in safe mode.
     *
     * @param end the last run's end, empty when it stopped in order (or this is the first start)
     * @param now the time of this start
     */
    synchronized SafeMode atStart(Optional<UncleanEnds.End> end, Instant now) {
        end.ifPresent(record.ends::add);
        record.ends.removeIf(e -> e.found().isBefore(now.minus(window)));
        if (!record.withheld.isEmpty()) {
            // in safe mode already: a forced model that took the gateway down again is held back again
            end.ifPresent(e -> e.implicated().forEach(i -> record.withheld.put(i.model(), describe(i, e))));
        } else if (crashes > 0 && record.ends.size() >= crashes) {
            Map<String, String> held = new LinkedHashMap<>();
            for (UncleanEnds.End e : record.ends) {
                e.implicated().forEach(i -> held.put(i.model(), describe(i, e)));
            }
            if (held.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "the gateway died " + record.ends.size() + " times in a row within "
                        + window.toSeconds() + " s, but no model was in trial, loading or running requests then; "
                        + "safe mode would hold nothing back, so every model loads (see " + record.file() + ")");
            } else {
                record.withheld.putAll(held);
                record.safeSince = now;
                record.safeEnds = record.ends.size();
                record.safeCause = record.ends.stream().map(UncleanEnds.End::cause).filter(c -> !c.isEmpty()).distinct()
                        .collect(Collectors.joining("; "));
            }
        }
        record.write();
        status = statusNow();
        if (status.active()) {
            LOG.log(System.Logger.Level.WARNING, status.statement());
        }
        return status;
    }

    /** An orderly stop: the ends so far were no loop (safe mode itself stays until it is left). */
    synchronized void stopped() {
        if (!record.ends.isEmpty()) {
            record.ends.clear();
            record.write();
        }
    }

    /** Safe mode now. */
    SafeMode status() {
        return status;
    }

    /** Whether safe mode holds this model back. */
    boolean withholds(String model) {
        return status.withholds(model);
    }

    /** Why a model is not loaded, for its state and for refusals. */
    String reason(String model) {
        return "held back in safe mode: " + status.withheld().get(model) + "; the gateway died " + status.uncleanEnds()
                + " times in a row; force it (mg:load --force " + model + ", POST /v2/repository/models/" + model
                + "/load?force=true) or leave safe mode (mg:safemode off)";
    }

    /**
     * An operator forced a held-back model: it loads, and safe mode no longer holds it. Safe mode ends with its last
     * model.
     */
    synchronized void lift(String model) {
        if (!record.withheld.containsKey(model)) {
            return;
        }
        record.withheld.remove(model);
        if (record.withheld.isEmpty()) {
            record.ends.clear();
            record.clearSafeMode();
        }
        record.write();
        status = statusNow();
        LOG.log(System.Logger.Level.WARNING, "model " + model + " was forced: safe mode no longer holds it back"
                + (status.active() ? "" : "; safe mode is over"));
    }

    /**
     * Leaves safe mode: forgets the ends and the held-back models.
     *
     * @return the models that were held back
     */
    synchronized List<String> leave() {
        List<String> models = List.copyOf(record.withheld.keySet());
        SafeMode before = status;
        record.ends.clear();
        record.clearSafeMode();
        record.write();
        status = statusNow();
        if (before.active()) {
            LOG.log(System.Logger.Level.WARNING, "safe mode left by the operator; loading " + models);
        }
        return models;
    }

    private SafeMode statusNow() {
        if (record.withheld.isEmpty()) {
            return SafeMode.OFF;
        }
        return new SafeMode(true, record.safeSince, record.safeEnds, window.toSeconds(), record.safeCause, record.withheld);
    }

    private static String describe(UncleanEnds.Implicated implicated, UncleanEnds.End end) {
        return implicated.describe() + " when the gateway died (found at the start of " + end.found() + ")";
    }
}
