package org.modelgate.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Holds the device key that model files are encrypted under at rest, without handing it out (envelope
 * encryption): for each file it encrypts, the core makes a fresh random 256-bit data key, asks this provider
 * to {@link #wrap} it under the device key, and keeps only the wrapped form in the file's header. To decrypt,
 * it hands the wrapped key back to {@link #unwrap}. A TPM, an HSM or a secure element can implement this
 * without the device key ever leaving it.
 *
 * <p>Register one as an OSGi service; the core uses the one with the highest {@code service.ranking}. The
 * security bundle provides one that keeps the key in a file (PID {@code org.modelgate.security.keys}).
 * Every method may be called from several threads at once.
 *
 * <pre>{@code
 * @Component(service = KeyProvider.class, property = "service.ranking:Integer=100")
 * public class TpmKeyProvider implements KeyProvider {
 *     public String keyId() { return "tpm-81000010"; }
 *     public byte[] wrap(byte[] dataKey) { return tpm.rsaOaepEncrypt(HANDLE, dataKey); }
 *     public byte[] unwrap(String keyId, byte[] wrapped) {
 *         if (!keyId().equals(keyId)) {
 *             throw new KeyException(KeyException.Reason.UNKNOWN_KEY, "this TPM holds key tpm-81000010, not " + keyId);
 *         }
 *         return tpm.rsaOaepDecrypt(HANDLE, wrapped);
 *     }
 * }
 * }</pre>
 */
@ConsumerType
public interface KeyProvider {
    /**
     * Names the key that {@link #wrap} uses now; it is written into each encrypted file's header and handed
     * back to {@link #unwrap}. It must not reveal the key: a handle, a label, or a digest of the key.
     *
     * @return 1 to 255 bytes of UTF-8 without control characters, e.g. {@code file-3f9a06c2d1e4b587}
     * @throws KeyException with {@link KeyException.Reason#UNAVAILABLE} when the key cannot be had (the device
     *         is absent, the key file cannot be created or read), naming what to do
     */
    String keyId();

    /**
     * Encrypts a data key under the key {@link #keyId()} names.
     *
     * <p>Use authenticated wrapping (AES-GCM, AES-KW, RSA-OAEP) so that {@link #unwrap} notices a change.
     *
     * @param dataKey the 32 bytes of an AES-256 key; the caller wipes the array afterwards
     * @return the wrapped key, at most 4096 bytes; stored in the clear in the file's header
     * @throws KeyException with {@link KeyException.Reason#UNAVAILABLE} when the key cannot be used now
     */
    byte[] wrap(byte[] dataKey);

    /**
     * Decrypts a data key that {@link #wrap} made.
     *
     * @param keyId the key id the file's header names
     * @param wrappedKey the wrapped key from the file's header
     * @return the 32-byte data key; the caller wipes the array after use
     * @throws KeyException with {@link KeyException.Reason#UNKNOWN_KEY} when this provider does not hold the
     *         key {@code keyId} names (another device's key, a key rotated away), with
     *         {@link KeyException.Reason#TAMPERED} when the wrapped key does not decrypt, and with
     *         {@link KeyException.Reason#UNAVAILABLE} when the key cannot be used now
     */
    byte[] unwrap(String keyId, byte[] wrappedKey);
}
