package org.modelgate.security.internal;

import java.util.List;
import org.modelgate.security.ModelSignatureException;
import org.modelgate.security.SignatureProblem;

/**
 * The rules for a file name in a signed statement: a relative, {@code /}-separated path that stays
 * inside the model folder. Anything else could make a verifier read, or a loader open, a file the
 * signature does not cover.
 */
final class ResourceName {
    private ResourceName() {
    }

    /** Refuses names that are empty, absolute, have empty, {@code .} or {@code ..} segments, a backslash or a control character. */
    static void check(String name) throws ModelSignatureException {
        String why = problem(name);
        if (why != null) {
            throw new ModelSignatureException(SignatureProblem.PATH_TRAVERSAL,
                    "statement entry '" + printable(name) + "' " + why + "; entries must be relative paths inside the model folder",
                    List.of(printable(name)));
        }
    }

    private static String problem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        if (name.startsWith("/")) {
            return "is absolute";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\') {
                return "contains a backslash";
            }
            if (c < 0x20 || c == 0x7f) {
                return "contains a control character";
            }
        }
        if (name.length() >= 2 && name.charAt(1) == ':') {
            return "starts with a drive letter";
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "has a '" + segment + "' segment";
            }
        }
        return null;
    }

    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
