package org.modelgate.build.api;

import aQute.bnd.service.diff.Delta;
import aQute.bnd.service.diff.Diff;
import aQute.bnd.service.diff.Tree;
import aQute.bnd.service.diff.Type;
import aQute.bnd.version.Version;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * OSGi semantic versioning of one package against its snapshot, by bnd's rules: a change that
 * breaks consumers (a method added to a {@code @ConsumerType} interface, anything removed) needs
 * the next major version, a compatible addition (a class, a default method, a method of a
 * {@code @ProviderType} interface) the next minor, a change of no signature the next micro.
 */
public final class ApiCheck {
    private static final String VERSION_ANNOTATION = "org.osgi.annotation.versioning.Version";

    private ApiCheck() {
    }

    /** Compares the package as built now with its snapshot. */
    public static ApiVerdict compare(PackageApi current, PackageApi recorded) {
        Diff diff = current.tree().diff(recorded.tree());
        Delta delta = weight(diff.getDelta());
        Version required = bump(recorded.version(), delta);
        List<String> causes = new ArrayList<>();
        collectCauses(diff, current.name(), causes);
        causes.sort(Comparator.comparing((String cause) -> Delta.valueOf(cause.substring(0, cause.indexOf(' ')))).reversed());
        ApiVerdict.Outcome outcome;
        if (current.version().compareTo(required) < 0) {
            outcome = ApiVerdict.Outcome.BUMP_MISSING;
        } else if (current.version().equals(recorded.version()) && identical(current.tree(), recorded.tree())) {
            outcome = ApiVerdict.Outcome.MATCHES;
        } else {
            outcome = ApiVerdict.Outcome.TO_RECORD;
        }
        return new ApiVerdict(current.name(), outcome, recorded.version(), current.version(), required, delta, List.copyOf(causes));
    }

    /** A package exported now that has no snapshot. */
    public static ApiVerdict unrecorded(PackageApi current) {
        return new ApiVerdict(current.name(), ApiVerdict.Outcome.NEW, null, current.version(), current.version(),
                Delta.UNCHANGED, List.of());
    }

    /** A package with a snapshot that no bundle exports any more. */
    public static ApiVerdict removed(PackageApi recorded) {
        return new ApiVerdict(recorded.name(), ApiVerdict.Outcome.REMOVED, recorded.version(), null,
                bump(recorded.version(), Delta.MAJOR), Delta.MAJOR, List.of());
    }

    /** The least version a change of this weight allows, after {@code recorded}. */
    static Version bump(Version recorded, Delta delta) {
        return switch (delta) {
            case MAJOR -> new Version(recorded.getMajor() + 1, 0, 0);
            case MINOR -> new Version(recorded.getMajor(), recorded.getMinor() + 1, 0);
            case MICRO -> new Version(recorded.getMajor(), recorded.getMinor(), recorded.getMicro() + 1);
            default -> new Version(recorded.getMajor(), recorded.getMinor(), recorded.getMicro());
        };
    }

    private static Delta weight(Delta delta) {
        return switch (delta) {
            case MAJOR, REMOVED -> Delta.MAJOR;
            case MINOR, ADDED -> Delta.MINOR;
            case MICRO -> Delta.MICRO;
            default -> Delta.UNCHANGED;
        };
    }

    private static void collectCauses(Diff diff, String parent, List<String> causes) {
        for (Diff child : diff.getChildren()) {
            if (child.getType() == Type.ANNOTATED && child.getName().equals(VERSION_ANNOTATION)) {
                continue; // the bump itself
            }
            Delta delta = child.getDelta();
            if (delta == Delta.ADDED || delta == Delta.REMOVED) {
                Tree element = delta == Delta.ADDED ? child.getNewer() : child.getOlder();
                Delta weight = delta == Delta.ADDED ? element.ifAdded() : element.ifRemoved();
                if (weight.compareTo(Delta.MICRO) >= 0 && weight.compareTo(Delta.MAJOR) <= 0) {
                    causes.add(weight + " " + (delta == Delta.ADDED ? "added " : "removed ")
                            + element.getType().toString().toLowerCase(java.util.Locale.ROOT) + " " + element.getName() + " in " + parent);
                }
            } else if (delta.compareTo(Delta.MICRO) >= 0 && delta.compareTo(Delta.MAJOR) <= 0) {
                collectCauses(child, child.getName(), causes);
            }
        }
    }

    private static boolean identical(Tree a, Tree b) {
        if (a.getType() != b.getType() || !a.getName().equals(b.getName()) || a.ifAdded() != b.ifAdded()
                || a.ifRemoved() != b.ifRemoved() || a.getChildren().length != b.getChildren().length) {
            return false;
        }
        for (int i = 0; i < a.getChildren().length; i++) {
            if (!identical(a.getChildren()[i], b.getChildren()[i])) {
                return false;
            }
        }
        return true;
    }
}
