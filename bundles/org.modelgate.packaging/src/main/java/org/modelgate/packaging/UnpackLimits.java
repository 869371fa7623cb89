package org.modelgate.packaging;

/**
 * Limits enforced while a package is read, whatever its headers claim.
 *
 * <pre>
 * UnpackLimits limits = UnpackLimits.DEFAULTS.withMaxTotalBytes(512L &lt;&lt; 20);
 * </pre>
 *
 * @param maxEntries most zip entries (files and directories)
 * @param maxEntryBytes most bytes one entry may inflate to
 * @param maxTotalBytes most bytes all entries together may inflate to
 * @param maxCompressionRatio most inflated bytes per compressed byte, for an entry and for the whole
 *     package; checked once more than {@link #RATIO_FREE_BYTES} were inflated, so that small files
 *     of zeros stay acceptable
 */
public record UnpackLimits(int maxEntries, long maxEntryBytes, long maxTotalBytes, int maxCompressionRatio) {
    /** Inflated bytes below which the compression ratio is not checked: 1 MiB. */
    public static final long RATIO_FREE_BYTES = 1L << 20;

    /** 10,000 entries, 4 GiB per entry and in all, ratio 200. */
    public static final UnpackLimits DEFAULTS = new UnpackLimits(10_000, 4L << 30, 4L << 30, 200);

    /** Checks the components. */
    public UnpackLimits {
        if (maxEntries < 1 || maxEntryBytes < 1 || maxTotalBytes < 1 || maxCompressionRatio < 1) {
            throw new IllegalArgumentException("limits must be positive: " + maxEntries + " entries, "
                    + maxEntryBytes + " bytes per entry, " + maxTotalBytes + " bytes in all, ratio " + maxCompressionRatio);
        }
    }

    /**
     * Returns these limits with another total size.
     *
     * @param bytes most bytes all entries together may inflate to
     * @return the new limits
     */
    public UnpackLimits withMaxTotalBytes(long bytes) {
        return new UnpackLimits(maxEntries, maxEntryBytes, bytes, maxCompressionRatio);
    }
}
