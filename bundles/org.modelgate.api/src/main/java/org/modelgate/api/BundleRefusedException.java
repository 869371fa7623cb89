package org.modelgate.api;

import java.util.Locale;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A bundle jar was refused before the framework saw it, or a bundle change was refused; nothing changed.
 * The message names the file or bundle and the reason, e.g. {@code acme.jar refused: entry a/B.class was
 * changed after signing}.
 */
@ProviderType
public class BundleRefusedException extends ModelgateException {
    private static final long serialVersionUID = 1L;

    /** Why a bundle was refused. */
    public enum Reason {
        /** The file is missing, unreadable, or bigger than the installer accepts. */
        UNREADABLE,
        /** The file is not a jar (zip): truncated, corrupt, duplicate entries. */
        NOT_A_JAR,
        /** The jar carries no jarsigner signature. */
        NOT_SIGNED,
        /** The signature itself does not verify (signature file or block changed, a disabled algorithm). */
        BAD_SIGNATURE,
        /** The jar is signed by more than one signer. */
        SEVERAL_SIGNERS,
        /** An entry (or the manifest) was changed after signing. */
        TAMPERED,
        /** An entry is in the jar but not covered by the signature (added after signing). */
        UNSIGNED_ENTRY,
        /** A signed entry is missing from the jar (removed after signing). */
        MISSING_ENTRY,
        /** The signer's key is not a bundle-signer key of the trust store. */
        UNTRUSTED_SIGNER,
        /** The signer's key is a bundle-signer key that was revoked. */
        REVOKED_SIGNER,
        /** The trust store cannot be read, so nothing can be verified. */
        TRUST_STORE,
        /** The jar is signed and trusted but is no OSGi bundle (no Bundle-SymbolicName). */
        NOT_A_BUNDLE,
        /** The bundle's symbolic name belongs to a bundle of the distribution, or to one installed otherwise. */
        NOT_A_VENDOR_BUNDLE,
        /** The installed version is higher: uninstall it first to go back. */
        DOWNGRADE,
        /** No vendor bundle of that name is installed (uninstall). */
        NOT_INSTALLED,
        /** The framework refused the bundle (for example a malformed header). */
        FRAMEWORK;

        /**
         * The reason as it appears in the audit log and in {@code .reason} files.
         *
         * @return lower case words joined by dashes, e.g. {@code untrusted-signer}
         */
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why
     * @param message what was refused and why, in words an operator can act on
     */
    public BundleRefusedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Creates the exception with its cause.
     *
     * @param reason why
     * @param message what was refused and why
     * @param cause the underlying failure
     */
    public BundleRefusedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Why the bundle was refused.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
