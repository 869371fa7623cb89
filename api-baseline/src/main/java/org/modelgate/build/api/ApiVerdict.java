package org.modelgate.build.api;

import aQute.bnd.service.diff.Delta;
import aQute.bnd.version.Version;
import java.util.List;

/**
 * What the check says about one exported package compared with its committed snapshot.
 *
 * @param packageName the package
 * @param outcome what is to be done, if anything
 * @param recorded the version in the snapshot (none for a package without one)
 * @param current the version the package has now
 * @param required the least version the change allows (the recorded one when nothing changed)
 * @param delta the semantic weight of the change: MAJOR, MINOR, MICRO or UNCHANGED
 * @param causes the changed elements, most significant first, e.g. {@code MAJOR added method x() to org.a.B}
 */
public record ApiVerdict(String packageName, Outcome outcome, Version recorded, Version current, Version required,
        Delta delta, List<String> causes) {

    /** What the check says; only {@link #MATCHES} lets the build pass. */
    public enum Outcome {
        /** The API and version are those of the snapshot. */
        MATCHES,
        /** Changed, and the version was bumped enough: the snapshot must be refreshed to record it. */
        TO_RECORD,
        /** Changed without the bump it needs: the build fails until the version is raised. */
        BUMP_MISSING,
        /** A package with a snapshot is no longer exported: a breaking change for every importer. */
        REMOVED,
        /** An exported package without a snapshot yet: the snapshot must be refreshed. */
        NEW
    }

    /** True when a refresh may write the package's current API as its snapshot. */
    public boolean recordable() {
        return outcome == Outcome.TO_RECORD || outcome == Outcome.NEW;
    }

    /** One paragraph a developer can act on. */
    public String message() {
        String changes = causes.isEmpty() ? "" : ":\n    " + String.join("\n    ", causes);
        return switch (outcome) {
            case MATCHES -> packageName + " " + current + ": unchanged";
            case TO_RECORD -> packageName + " " + recorded + " -> " + current + " (" + delta + " change, needs " + required
                    + " or more): the bump is right; record the new API with the refresh command (api-baseline/README.md)" + changes;
            case BUMP_MISSING -> packageName + ": a " + delta + " change needs version " + required + " or more, but @Version in its"
                    + " package-info.java is still " + current + " (snapshot " + recorded + ")" + changes;
            case REMOVED -> packageName + " " + recorded + " is no longer exported: that breaks every bundle importing it;"
                    + " export it again, or delete its snapshot in a deliberate major change";
            case NEW -> packageName + " " + current + " is exported but has no API snapshot: record it with the refresh"
                    + " command (api-baseline/README.md)";
        };
    }
}
