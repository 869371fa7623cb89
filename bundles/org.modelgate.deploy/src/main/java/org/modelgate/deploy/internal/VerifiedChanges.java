package org.modelgate.deploy.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The bundle locations the installer is installing or updating right now, from a jar it verified:
 * how the {@link UnverifiedBundleGuard} tells those changes from any other way into the framework.
 */
final class VerifiedChanges {
    private static final Set<String> IN_PROGRESS = ConcurrentHashMap.newKeySet();

    private VerifiedChanges() {
    }

    /** Runs an install or update of the bundle at {@code location} from a verified jar. */
    static <T> T during(String location, Supplier<T> change) {
        IN_PROGRESS.add(location);
        try {
            return change.get();
        } finally {
            IN_PROGRESS.remove(location);
        }
    }

    static boolean inProgress(String location) {
        return IN_PROGRESS.contains(location);
    }
}
