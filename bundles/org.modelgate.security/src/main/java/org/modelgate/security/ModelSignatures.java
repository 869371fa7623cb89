package org.modelgate.security;

import org.modelgate.security.internal.KeyOnlySigner;
import org.modelgate.security.internal.KeyOnlyVerifier;

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
        return new KeyOnlyVerifier(trustStore);
    }

    /**
     * Returns a signer using the given key.
     *
     * @param key the private key
     * @return a thread-safe signer
     */
    public static ModelSigner signer(SigningKey key) {
        return new KeyOnlySigner(key);
    }
}
