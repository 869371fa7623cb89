package org.modelgate.security;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 *   revoked.txt                    one key id or 64-hex key hint per line; # comments
 * </pre>
 */
public final class TrustStore {
    private final List<TrustedKey> keys;

    private TrustStore(List<TrustedKey> keys) {
        this.keys = List.copyOf(keys);
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
        return new TrustStore(List.copyOf(keys));
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
        return of(TrustStoreLoader.load(folder));
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
