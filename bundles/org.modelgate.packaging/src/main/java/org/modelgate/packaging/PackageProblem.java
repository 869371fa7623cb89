package org.modelgate.packaging;

import java.util.Locale;

/**
 * Why a model package was refused (or could not be written).
 *
 * <p>The enum name is stable and machine-readable; {@link #code()} is the same in kebab case for
 * JSON answers and logs.
 */
public enum PackageProblem {
    /** The file name is not {@code NAME-VERSION.mgp}, or the file is not a regular file. */
    NOT_A_PACKAGE,
    /** The zip ends early: no end-of-central-directory record, or a record pointing past the end. */
    TRUNCATED,
    /** The zip is damaged or uses what packages never use: bad headers, CRC or size mismatch, encryption, another compression method. */
    CORRUPT,
    /** An entry name is empty, absolute, has {@code ..}/{@code .}/empty segments, a backslash, a drive letter or a control character. */
    PATH_TRAVERSAL,
    /** Two entries with the same name (also the same name differing only in case). */
    DUPLICATE_ENTRY,
    /** A directory entry that holds data, or a name that is both a file and a directory. */
    DIRECTORY_ENTRY,
    /** An entry is a symbolic link (zip external attributes with {@code S_IFLNK}). */
    SYMLINK,
    /** An entry is a device, FIFO, socket or another non-regular file. */
    SPECIAL_FILE,
    /** More entries than {@link UnpackLimits#maxEntries()}. */
    TOO_MANY_ENTRIES,
    /** One entry inflates to more than {@link UnpackLimits#maxEntryBytes()}. */
    ENTRY_TOO_LARGE,
    /** All entries together inflate to more than {@link UnpackLimits#maxTotalBytes()}. */
    TOTAL_TOO_LARGE,
    /** An entry (or the package) inflates more than {@link UnpackLimits#maxCompressionRatio()} times: a zip bomb. */
    COMPRESSION_RATIO,
    /** No {@code model.json} at the top of the package (or of the folder to pack). */
    MISSING_MODEL_JSON,
    /** {@code model.json} is not a JSON object with a string {@code name} and a semantic {@code version}. */
    INVALID_MODEL_JSON,
    /** {@code model.json}'s name and version do not match the file name {@code NAME-VERSION.mgp}. */
    NAME_MISMATCH,
    /** The signature was refused (or could not be made); {@link ModelPackageException#signatureProblem()} says why. */
    SIGNATURE,
    /** The staging folder exists already: unpacking needs a fresh one. */
    STAGING_EXISTS,
    /** A file could not be read or written. */
    IO_ERROR;

    /**
     * Returns the kebab-case form of this problem, e.g. {@code path-traversal}.
     *
     * @return the machine-readable code
     */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
