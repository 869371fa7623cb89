package org.modelgate.security;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.modelgate.security.internal.Certificates;
import org.modelgate.security.internal.TrustStoreLoader;

/**
 * The public keys a gateway trusts, each with a role and a revocation flag; immutable.
 *
 * <p>Several keys of one role may be valid at once, so a signer can rotate keys without a flag day.
 * On disk (see {@link #load(Path)}):
 * <pre>
 * etc/trust/
 *   model-signer/acme-2025.pem     PEM public keys ("BEGIN PUBLIC KEY"), one per file
 *   model-signer/acme-2026.pem
 *   bundle-signer/release.pem
 *   model-ca/acme-root.pem         CA certificates ("BEGIN CERTIFICATE"): models signed with a certificate
 *                                  that chains to one of them verify (since 1.4)
 *   revoked.txt                    per line: a key or CA name, a 64-hex key hint or certificate
 *                                  fingerprint, or serial:HEX (a certificate's serial number); # comments
 * </pre>
 */
public final class TrustStore {
    /** The folder of CA certificates trusted to vouch for model signers. @since 1.4 */
    public static final String MODEL_CA_FOLDER = "model-ca";

    private final List<TrustedKey> keys;
    private final List<TrustedCa> certificateAuthorities;
    private final Set<String> revokedCertificates;

    private TrustStore(List<TrustedKey> keys, List<TrustedCa> certificateAuthorities, Set<String> revokedCertificates) {
        this.keys = List.copyOf(keys);
        this.certificateAuthorities = List.copyOf(certificateAuthorities);
        this.revokedCertificates = Set.copyOf(revokedCertificates);
        Set<String> seen = new HashSet<>();
        for (TrustedKey key : this.keys) {
            if (!seen.add(key.role() + "/" + key.hint())) {
                throw new IllegalArgumentException("key '" + key.id() + "' is in role " + key.role().folderName()
                        + " twice (hint " + key.hint() + ")");
            }
        }
    }

    /**
     * Creates a trust store of the given keys.
     *
     * @param keys the keys; a key may appear once per role
     * @return the trust store
     * @throws IllegalArgumentException when a key appears twice in one role
     */
    public static TrustStore of(Collection<TrustedKey> keys) {
        return new TrustStore(List.copyOf(keys), List.of(), Set.of());
    }

    /**
     * Creates a trust store of keys, CA certificates and certificate revocations.
     *
     * @param keys the keys; a key may appear once per role
     * @param certificateAuthorities the CAs model signing certificates must chain to
     * @param revokedCertificates revocation entries: {@code sha256:HEX} (a certificate's fingerprint) or
     *        {@code serial:HEX} (a serial number, lowercase hex without leading zeros)
     * @return the trust store
     * @throws IllegalArgumentException when a key appears twice in one role
     * @since 1.4
     */
    public static TrustStore of(Collection<TrustedKey> keys, Collection<TrustedCa> certificateAuthorities,
            Collection<String> revokedCertificates) {
        return new TrustStore(List.copyOf(keys), List.copyOf(certificateAuthorities), Set.copyOf(revokedCertificates));
    }

    /**
     * Loads a trust store from its folder: one sub-folder per {@link KeyRole#folderName()} holding
     * {@code NAME.pem} public keys, and an optional {@code revoked.txt}.
     *
     * @param folder the trust store folder, e.g. {@code etc/trust}
     * @return the trust store
     * @throws TrustStoreException when the folder is missing, a file is not a usable public key, a
     *     sub-folder names no role, or {@code revoked.txt} names no key
     */
    public static TrustStore load(Path folder) throws TrustStoreException {
        return TrustStoreLoader.loadStore(folder);
    }

    /**
     * Returns the CA certificates of {@code model-ca/}, revoked ones included.
     *
     * @return the CAs, in file name order
     * @since 1.4
     */
    public List<TrustedCa> certificateAuthorities() {
        return certificateAuthorities;
    }

    /**
     * Tells whether {@code revoked.txt} holds a certificate revocation entry.
     *
     * @param entry {@code sha256:HEX} or {@code serial:HEX} (lowercase, no leading zeros)
     * @return true when present
     * @since 1.4
     */
    public boolean isRevokedEntry(String entry) {
        return revokedCertificates.contains(entry);
    }

    /**
     * Tells whether {@code revoked.txt} revokes a certificate, by its sha256 fingerprint or its serial number.
     *
     * @param certificate a certificate of a signing chain, or a CA's
     * @return true when revoked
     * @since 1.4
     */
    public boolean isRevoked(X509Certificate certificate) {
        return revokedCertificates.contains("sha256:" + Certificates.fingerprint(certificate))
                || revokedCertificates.contains("serial:" + Certificates.serial(certificate));
    }

    /**
     * Returns every key, revoked ones included.
     *
     * @return the keys, in load order
     */
    public List<TrustedKey> keys() {
        return keys;
    }

    /**
     * Returns the keys with the given hint, in any role, revoked ones included.
     *
     * @param hint lowercase hex sha256 of a public key's PEM text
     * @return the matching keys, possibly empty
     */
    public List<TrustedKey> withHint(String hint) {
        return keys.stream().filter(k -> k.hint().equals(hint)).toList();
    }

    /**
     * Returns the keys that may sign in the given role now (not revoked).
     *
     * @param role the role
     * @return the valid keys of that role, possibly empty
     */
    public List<TrustedKey> validKeys(KeyRole role) {
        return keys.stream().filter(k -> k.role() == role && !k.revoked()).toList();
    }
}
