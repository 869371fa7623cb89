package org.modelgate.security;

/**
 * Why a model folder's signature was refused, or could not be made.
 *
 * <p>The enum name is stable and machine-readable; {@link #code()} is the same in kebab case for
 * JSON answers and logs.
 */
public enum SignatureProblem {
    /** The folder has no {@code model.sig}. */
    UNSIGNED,
    /** {@code model.sig} is not a Sigstore bundle: bad JSON, a missing field, bad base64, too big. */
    MALFORMED_BUNDLE,
    /** A well-formed bundle this verifier does not support (certificate or keyless signing, shards, another hash). */
    UNSUPPORTED_FORMAT,
    /** The DSSE envelope's payloadType is not {@code application/vnd.in-toto+json}. */
    WRONG_PAYLOAD_TYPE,
    /** The in-toto statement is not a v1 statement with predicateType {@code https://model_signing/signature/v1.0}. */
    WRONG_PREDICATE_TYPE,
    /** The signed statement is inconsistent: bad digests, duplicate entries, root digest mismatch. */
    MALFORMED_STATEMENT,
    /** The bundle's key hint names no key of the trust store allowed to sign models. */
    UNKNOWN_KEY,
    /** The bundle's key hint names a revoked key. */
    REVOKED_KEY,
    /** The signature does not verify with the key the bundle names: wrong key, or the statement was changed. */
    BAD_SIGNATURE,
    /** A statement entry escapes the folder or is not a plain relative path ({@code ..}, {@code /abs}, {@code \}). */
    PATH_TRAVERSAL,
    /** A symbolic link (or another non-regular file) inside the folder. */
    SYMLINK,
    /** A file listed in the statement is not in the folder. */
    MISSING_FILE,
    /**
     * A file in the folder is not listed in the statement and the gateway's policy does not allow it unsigned
     * ({@link VerificationPolicy}), or it is the file model.json names, which is always to be signed.
     */
    EXTRA_FILE,
    /** A file's sha256 differs from the signed one. */
    TAMPERED_FILE,
    /** The folder or a file in it could not be read (or model.sig not written). */
    IO_ERROR,
    /**
     * The signing certificate does not chain to a CA of the trust store's {@code model-ca/}: another CA, a
     * missing intermediate, a chain that loops, a bad certificate signature.
     * @since 1.4
     */
    UNTRUSTED_CERTIFICATE,
    /** The signing certificate, or one of its chain, is expired or not yet valid now. @since 1.4 */
    EXPIRED_CERTIFICATE,
    /** {@code revoked.txt} revokes the signing certificate or a certificate of its chain (serial or fingerprint). @since 1.4 */
    REVOKED_CERTIFICATE,
    /**
     * The signing certificate may not sign models: no code-signing extended key usage, a key usage without
     * digital signature, or a CA certificate (key usage certificate signing, or a CA of the trust store itself).
     * @since 1.4
     */
    CERTIFICATE_NOT_FOR_SIGNING;

    /**
     * Returns the kebab-case form of this problem, e.g. {@code tampered-file}.
     *
     * @return the machine-readable code
     */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
