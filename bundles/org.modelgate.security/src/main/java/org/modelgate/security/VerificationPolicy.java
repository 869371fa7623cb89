package org.modelgate.security;

import java.util.List;
import java.util.Objects;

/**
 * What a verifier accepts besides the signed files: the files a model folder may hold unsigned.
 *
 * <p>A name is a path relative to the model folder, {@code /}-separated; it allows that file, or every file
 * under it when it is a folder (e.g. {@code .git}). Whatever the list says, the file that {@code model.json}
 * names ({@code file}) must be signed, and in a folder signature {@code model.json} itself too.
 *
 * <pre>
 * ModelSignatures.verifier(trust, new VerificationPolicy(List.of("README.md", ".git")));
 * </pre>
 *
 * @param allowedUnsigned names that may be present without being covered by the signature; empty: none
 * @since 1.4
 */
public record VerificationPolicy(List<String> allowedUnsigned) {
    /** Nothing unsigned is accepted (only {@code model.json} beside a single signed file, which names it). */
    public static final VerificationPolicy STRICT = new VerificationPolicy(List.of());

    /** Copies the list and trims each name of a leading {@code ./} and trailing {@code /}. */
    public VerificationPolicy {
        Objects.requireNonNull(allowedUnsigned, "allowedUnsigned");
        allowedUnsigned = allowedUnsigned.stream().map(VerificationPolicy::normalize).filter(n -> !n.isEmpty()).toList();
    }

    /**
     * Tells whether a file may be present unsigned.
     *
     * @param path the file's path relative to the model folder, {@code /}-separated
     * @return true when a name of the list is the path or a folder above it
     */
    public boolean allowsUnsigned(String path) {
        for (String name : allowedUnsigned) {
            if (path.equals(name) || path.startsWith(name + "/")) {
                return true;
            }
        }
        return false;
    }

    private static String normalize(String name) {
        String n = name.strip();
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }
}
