package org.modelgate.deploy.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.modelgate.api.BundleRefusedException;
import org.modelgate.api.BundleRefusedException.Reason;

/**
 * Turns the JDK jar verifier's {@link SecurityException}s into reasons an operator can act on. The JDK's
 * wording is matched loosely; anything unknown still refuses the jar, quoting the JDK.
 */
final class SignatureFailure {
    private static final Pattern ENTRY_DIGEST = Pattern.compile("(?i)\\S+ digest error for (.+)");
    private static final Pattern SECTION_DIGEST = Pattern.compile("(?i)invalid \\S+ signature file digest for (.+)");
    private static final Pattern MAIN_ATTRIBUTES = Pattern.compile("(?i).*signature file digest for manifest main attributes.*");
    private static final Pattern NO_SECTION = Pattern.compile("(?i)no manifest section for signature file entry (.+)");
    private static final Pattern BLOCK = Pattern.compile("(?i)cannot verify signature block file (.+)");

    private SignatureFailure() {
    }

    /**
     * The refusal for a failure met while reading a jar's entries.
     *
     * @param jarName the jar, for the message
     * @param e what the JDK threw
     * @return the exception to throw
     */
    static BundleRefusedException refusal(String jarName, SecurityException e) {
        String message = String.valueOf(e.getMessage()).strip();
        Matcher m;
        if (MAIN_ATTRIBUTES.matcher(message).matches()) {
            return refused(jarName, Reason.TAMPERED, "the manifest's main attributes (the bundle headers) were changed"
                    + " after signing", e);
        }
        if ((m = ENTRY_DIGEST.matcher(message)).matches()) {
            return refused(jarName, Reason.TAMPERED, "entry " + m.group(1) + " was changed after signing", e);
        }
        if ((m = SECTION_DIGEST.matcher(message)).matches()) {
            return refused(jarName, Reason.TAMPERED, "the manifest section of entry " + m.group(1)
                    + " was changed after signing", e);
        }
        if ((m = NO_SECTION.matcher(message)).matches()) {
            return refused(jarName, Reason.MISSING_ENTRY, "entry " + m.group(1) + " was signed but is missing"
                    + " (removed after signing, with its manifest section)", e);
        }
        if ((m = BLOCK.matcher(message)).matches()) {
            return refused(jarName, Reason.BAD_SIGNATURE, "the signature block " + m.group(1) + " does not verify its"
                    + " signature file: the signature or the signature file was changed", e);
        }
        return refused(jarName, Reason.BAD_SIGNATURE, "the signature does not verify: " + message, e);
    }

    static BundleRefusedException refused(String jarName, Reason reason, String why, Throwable cause) {
        return new BundleRefusedException(reason, jarName + " refused: " + why, cause);
    }
}
