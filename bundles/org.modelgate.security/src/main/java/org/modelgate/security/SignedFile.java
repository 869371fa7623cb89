package org.modelgate.security;

import java.util.Objects;

/**
 * One file of a signed model folder, as the signed statement lists it.
 *
 * @param path the file's path relative to the model folder, {@code /}-separated, e.g. {@code weights/part1.bin}
 * @param sha256 the file's sha256, lowercase hex
 */
public record SignedFile(String path, String sha256) {
    /** Checks the components. */
    public SignedFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
    }
}
