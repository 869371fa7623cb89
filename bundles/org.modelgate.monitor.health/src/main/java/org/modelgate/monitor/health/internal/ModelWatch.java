package org.modelgate.monitor.health.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One model's versions as the monitor saw them: the one serving now (the last answered record's) and a few others
 * with recent records, so that a challenger beside the champion (split or shadow) keeps its own window and feedback
 * for a prediction of the previous version still counts there. The least recently recorded version other than the
 * serving one is forgotten first. Not thread-safe; the tracker locks.
 */
final class ModelWatch {
    /** Versions kept per model: the serving one and the two most recently recorded others. */
    static final int VERSIONS_KEPT = 3;

    private final String model;
    /** In record order: each record moves its version last, so the first is the least recently recorded. */
    private final Map<String, VersionWatch> versions = new LinkedHashMap<>();
    private VersionWatch serving;
    /** Versions that answered a caller since the last evaluation, in order of their first such answer. */
    private final Set<VersionWatch> answered = new LinkedHashSet<>();

    ModelWatch(String model) {
        this.model = model;
    }

    /**
     * The watch of the version a record answered from, made on its first record; it becomes the serving one.
     *
     * @param version the record's version
     * @param make makes a version's watch from the previous serving version's p95 (NaN when none)
     */
    VersionWatch serve(String version, Function<Double, VersionWatch> make) {
        serving = observe(version, make);
        answered.add(serving);
        return serving;
    }

    /**
     * The versions that answer callers now: the serving one and every other that answered a caller since the last
     * call (a split challenger beside its champion, whichever answered last). Resets that record.
     */
    List<VersionWatch> answeringSinceLastCall() {
        List<VersionWatch> live = new ArrayList<>();
        if (serving != null) {
            live.add(serving);
        }
        for (VersionWatch watch : answered) {
            if (watch != serving && versions.get(watch.version()) == watch) {
                live.add(watch);
            }
        }
        answered.clear();
        return live;
    }

    /**
     * The watch of a version whose record answered no caller (a shadow copy): made on its first record, but the
     * serving version stays.
     *
     * @param version the record's version
     * @param make makes a version's watch from the serving version's p95 (NaN when none)
     */
    VersionWatch observe(String version, Function<Double, VersionWatch> make) {
        VersionWatch watch = versions.remove(version);
        if (watch != null) {
            versions.put(version, watch); // recorded most recently now
        } else {
            watch = make.apply(serving == null ? Double.NaN : serving.p95());
            versions.put(version, watch);
            evictBeyond(watch);
        }
        return watch;
    }

    private void evictBeyond(VersionWatch added) {
        Iterator<VersionWatch> eldest = versions.values().iterator();
        while (versions.size() > VERSIONS_KEPT && eldest.hasNext()) {
            VersionWatch candidate = eldest.next();
            if (candidate != serving && candidate != added) {
                eldest.remove();
            }
        }
    }

    String model() {
        return model;
    }

    /** The serving version's watch, or null when only shadow copies were recorded. */
    VersionWatch serving() {
        return serving;
    }

    /** The watch of a version still kept, or null. */
    VersionWatch version(String version) {
        return versions.get(version);
    }
}
