package org.modelgate.audit;

import java.security.PublicKey;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Signs audit checkpoints with a key of this device. The audit log uses the registered signer with
 * the highest {@code service.ranking}; without one it writes no checkpoints (and says so in
 * {@link AuditLog#verify()}).
 *
 * <p>Implemented by the security bundle (an EC key in a file, PID {@code org.modelgate.security.signing})
 * or a vendor's bundle (a TPM or a secure element holding the key); called by the audit bundle. Methods
 * may be called from several threads.
 *
 * <pre>
 * &#64;Component(service = CheckpointSigner.class, property = "service.ranking:Integer=100")
 * public class TpmCheckpointSigner implements CheckpointSigner {
 *     public String keyId() { return "tpm-81000011"; }
 *     public PublicKey publicKey() { return tpm.publicKey(HANDLE); }
 *     public String signatureAlgorithm() { return "SHA256withECDSA"; }
 *     public byte[] sign(byte[] statement) { return tpm.sign(HANDLE, statement); }
 * }
 * </pre>
 *
 * @since 1.1
 */
@ConsumerType
public interface CheckpointSigner {
    /**
     * Names the key, written into each checkpoint; it must not change while the key stays the same.
     *
     * @return 1 to 128 characters of {@code A-Z a-z 0-9 . _ : -}, e.g. the sha256 hint of the public key
     */
    String keyId();

    /**
     * The public half of the key, with which the audit bundle checks checkpoints.
     *
     * @return the public key
     */
    PublicKey publicKey();

    /**
     * The JCA signature algorithm that {@link #sign} uses and that checks its signatures.
     *
     * @return e.g. {@code SHA256withECDSA}
     */
    String signatureAlgorithm();

    /**
     * Signs a checkpoint statement ({@link AuditCheckpoint#signedBytes()}).
     *
     * @param statement the bytes to sign
     * @return the signature
     * @throws IllegalStateException when the key cannot be used now; the message says why
     */
    byte[] sign(byte[] statement);
}
