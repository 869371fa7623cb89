package org.modelgate.packaging;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Follows a long {@link ModelPackages#pack}: called from the packing thread after each chunk.
 *
 * <pre>
 * ModelPackages.pack(folder, key, out, (done, total) -&gt; System.err.print("\r" + done * 100 / total + "%"));
 * </pre>
 */
@ConsumerType
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores progress. */
    ProgressListener NONE = (done, total) -> { };

    /**
     * Reports how far packing is: bytes of model files compressed so far out of all of them.
     * Called with {@code done == total} once at the end (also when {@code total} is 0).
     *
     * @param done bytes read so far, never decreasing
     * @param total bytes to read in all
     */
    void progress(long done, long total);
}
