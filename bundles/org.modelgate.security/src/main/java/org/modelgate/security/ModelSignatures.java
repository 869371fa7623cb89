package org.modelgate.security;

import org.modelgate.security.internal.ModelFolderSigner;
import org.modelgate.security.internal.ModelFolderVerifier;

/**
 * Entry point: makes verifiers and signers for OpenSSF Model Signing v1.0 signatures (key method).
 *
 * <pre>
 * ModelSignatures.signer(SigningKey.fromPemFile(key)).sign(folder);
 * VerifiedModel ok = ModelSignatures.verifier(TrustStore.load(trustDir)).verify(folder);
 * </pre>
 */
public final class ModelSignatures {
    /** The signature file inside a model folder; it is the one file the signature does not cover. */
    public static final String SIGNATURE_FILE = "model.sig";

    private ModelSignatures() {
    }

    /**
     * Returns a verifier that trusts the non-revoked model-signer keys of a trust store.
     *
     * @param trustStore the keys
     * @return a thread-safe verifier
     */
    public static ModelVerifier verifier(TrustStore trustStore) {
        return new ModelFolderVerifier(trustStore);
    }

    /**
     * Returns a verifier that trusts the non-revoked model-signer keys and CAs of a trust store and accepts the
     * files the policy allows unsigned.
     *
     * @param trustStore the keys and CAs
     * @param policy what may be present unsigned
     * @return a thread-safe verifier
     * @since 1.4
     */
    public static ModelVerifier verifier(TrustStore trustStore, VerificationPolicy policy) {
        return new ModelFolderVerifier(trustStore, policy);
    }

    /**
     * Returns a signer using the given key.
     *
     * @param key the private key
     * @return a thread-safe signer
     */
    public static ModelSigner signer(SigningKey key) {
        return new ModelFolderSigner(key);
    }

    /**
     * Returns a signer using a key and its certificate: {@code model.sig} then carries the certificate and its
     * chain (model_signing's certificate method), and verifies where the chain's CA is trusted.
     *
     * @param key the private key
     * @param certificate the key's certificate and the intermediates
     * @return a thread-safe signer
     * @throws IllegalArgumentException when the certificate is not the key's, or the chain is longer than 10
     * @since 1.4
     */
    public static ModelSigner signer(SigningKey key, SigningCertificate certificate) {
        return new ModelFolderSigner(key, certificate);
    }
}
