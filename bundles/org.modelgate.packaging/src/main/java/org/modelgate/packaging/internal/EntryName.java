package org.modelgate.packaging.internal;

import org.modelgate.packaging.ModelPackageException;
import org.modelgate.packaging.PackageProblem;

/**
 * Checks a zip entry name before anything is written: a relative {@code /}-separated path that
 * stays inside the staging folder on every platform.
 */
final class EntryName {
    static final int MAX_LENGTH = 1024;
    private static final int MAX_SEGMENT = 255;

    private EntryName() {
    }

    /**
     * Checks a name; a trailing {@code /} marks a directory entry and is allowed.
     *
     * @param name the entry name as stored in the central directory
     * @throws ModelPackageException {@link PackageProblem#PATH_TRAVERSAL} naming the entry
     */
    static void check(String name) throws ModelPackageException {
        String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        String why = problem(path);
        if (why != null) {
            throw new ModelPackageException(PackageProblem.PATH_TRAVERSAL, name,
                    "entry '" + printable(name) + "' " + why + "; a package holds only plain relative paths");
        }
    }

    private static String problem(String path) {
        if (path.isEmpty()) {
            return "has an empty name";
        }
        if (path.length() > MAX_LENGTH) {
            return "is longer than " + MAX_LENGTH + " characters";
        }
        if (path.startsWith("/")) {
            return "is an absolute path";
        }
        if (path.indexOf('\\') >= 0) {
            return "has a backslash";
        }
        if (path.length() >= 2 && path.charAt(1) == ':') {
            return "starts with a drive letter";
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "has a control character";
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                return "has an empty segment (//)";
            }
            if (segment.equals("..")) {
                return "climbs out of the package with '..'";
            }
            if (segment.equals(".")) {
                return "has a '.' segment";
            }
            if (segment.length() > MAX_SEGMENT) {
                return "has a segment longer than " + MAX_SEGMENT + " characters";
            }
        }
        return null;
    }

    /** The name with control characters escaped, for messages and terminals. */
    static String printable(String name) {
        StringBuilder out = new StringBuilder(Math.min(name.length(), 200));
        for (int i = 0; i < name.length() && i < 200; i++) {
            char c = name.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return name.length() > 200 ? out + "..." : out.toString();
    }
}
