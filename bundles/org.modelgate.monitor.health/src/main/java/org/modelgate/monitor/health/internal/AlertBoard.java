package org.modelgate.monitor.health.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.modelgate.monitor.health.Alert;
import org.modelgate.monitor.health.internal.Condition.AlertKey;

/**
 * Alerts with hysteresis: a condition raises its alert after {@code raiseAfter} bad evaluations in a row and
 * clears it after {@code clearAfter} good ones, so that a window hovering around a threshold does not flap.
 * Keeps the raised alerts and a bounded log of transitions. Thread-safe (one lock).
 */
final class AlertBoard {
    private final int raiseAfter;
    private final int clearAfter;
    private final int logSize;
    private final Map<AlertKey, Streak> streaks = new LinkedHashMap<>();
    private final Map<AlertKey, Alert> raised = new LinkedHashMap<>();
    private final Deque<Alert> log = new ArrayDeque<>();

    /** Consecutive bad and good evaluations of one condition. */
    private static final class Streak {
        int bad;
        int good;
    }

    AlertBoard(int raiseAfter, int clearAfter, int logSize) {
        this.raiseAfter = raiseAfter;
        this.clearAfter = clearAfter;
        this.logSize = logSize;
    }

    /**
     * Counts one evaluation of each condition; conditions not judged this time (a window not ready) keep their
     * streaks.
     *
     * @return the transitions this evaluation made, in order
     */
    synchronized List<Alert> judge(Collection<Condition> conditions, Instant now) {
        List<Alert> transitions = new ArrayList<>();
        for (Condition c : conditions) {
            Streak streak = streaks.computeIfAbsent(c.key(), k -> new Streak());
            if (c.bad()) {
                streak.bad++;
                streak.good = 0;
                if (streak.bad >= raiseAfter && !raised.containsKey(c.key())) {
                    Alert alert = alert(c, c.evidence(), Alert.State.RAISED, now);
                    raised.put(c.key(), alert);
                    transitions.add(record(alert));
                }
            } else {
                streak.good++;
                streak.bad = 0;
                if (streak.good >= clearAfter && raised.containsKey(c.key())) {
                    raised.remove(c.key());
                    transitions.add(record(alert(c, c.evidence(), Alert.State.CLEARED, now)));
                }
            }
        }
        return transitions;
    }

    /**
     * Clears at once the alerts of a model's versions other than those serving now.
     *
     * @param serving the versions answering callers (the champion and a split challenger), never empty
     */
    synchronized List<Alert> retire(String model, Collection<String> serving, Instant now) {
        List<Alert> transitions = new ArrayList<>();
        String does = String.join(" and ", serving) + (serving.size() == 1 ? " does" : " do");
        Iterator<Map.Entry<AlertKey, Alert>> it = raised.entrySet().iterator();
        while (it.hasNext()) {
            Alert a = it.next().getValue();
            if (a.model().equals(model) && !serving.contains(a.version())) {
                it.remove();
                transitions.add(record(new Alert(a.model(), a.version(), a.kind(), a.subject(), a.statistic(), a.value(),
                        a.threshold(), "version " + a.version() + " no longer serves; " + does,
                        Alert.State.CLEARED, now)));
            }
        }
        streaks.keySet().removeIf(k -> k.model().equals(model) && !serving.contains(k.version()));
        return transitions;
    }

    synchronized List<Alert> raised() {
        return List.copyOf(raised.values());
    }

    synchronized List<Alert> raised(String model) {
        return raised.values().stream().filter(a -> a.model().equals(model)).toList();
    }

    synchronized List<Alert> log() {
        return List.copyOf(log);
    }

    private Alert record(Alert alert) {
        log.addLast(alert);
        while (log.size() > logSize) {
            log.removeFirst();
        }
        return alert;
    }

    private static Alert alert(Condition c, String evidence, Alert.State state, Instant now) {
        return new Alert(c.model(), c.version(), c.kind(), c.subject(), c.statistic(), c.value(), c.threshold(), evidence,
                state, now);
    }
}
