package org.modelgate.monitor.health.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One model's versions as the monitor saw them serve: the one serving now (the last record's) and a few before
 * it, so that feedback for a prediction of the previous version still counts there. Not thread-safe; the
 * tracker locks.
 */
final class ModelWatch {
    /** Versions kept per model: the serving one and two before it. */
    static final int VERSIONS_KEPT = 3;

    private final String model;
    private final Map<String, VersionWatch> versions = new LinkedHashMap<>();
    private VersionWatch serving;

    ModelWatch(String model) {
        this.model = model;
    }

    /**
     * The watch of the version a record came from, made on its first record; it becomes the serving one.
     *
     * @param version the record's version
     * @param make makes a version's watch from the previous serving version's p95 (NaN when none)
     */
    VersionWatch serve(String version, Function<Double, VersionWatch> make) {
        if (serving != null && serving.version().equals(version)) {
            return serving;
        }
        VersionWatch watch = versions.get(version);
        if (watch == null) {
            watch = make.apply(serving == null ? Double.NaN : serving.p95());
            versions.put(version, watch);
            if (versions.size() > VERSIONS_KEPT) {
                Iterator<String> oldest = versions.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }
        serving = watch;
        return watch;
    }

    String model() {
        return model;
    }

    VersionWatch serving() {
        return serving;
    }

    /** The watch of a version still kept, or null. */
    VersionWatch version(String version) {
        return versions.get(version);
    }
}
