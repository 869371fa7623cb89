package org.modelgate.security;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Changes the gateway's trust store: adds keys (several per role may be valid at once, which is how
 * a signer rotates keys), revokes and removes them. Every change is written crash-safely, takes
 * effect at the next verification (no restart) and is recorded in the audit log with the
 * {@link org.modelgate.api.Operator} who asked for it.
 *
 * <pre>
 * TrustedKey added = admin.add(KeyRole.MODEL_SIGNER, "acme-2027", Files.readString(Path.of("acme-2027.pub.pem")));
 * admin.revoke("acme-2025");          // by name, or by its 64-hex hint (also after the file is gone)
 * admin.remove(KeyRole.MODEL_SIGNER, "acme-2025");
 * </pre>
 */
@ProviderType
public interface TrustStoreAdmin {
    /**
     * The trust store folder, e.g. {@code etc/trust}.
     *
     * @return the folder
     */
    Path folder();

    /**
     * Reads the trust store as it is now.
     *
     * @return the keys, revoked ones flagged
     * @throws TrustStoreException when the folder cannot be read or holds a bad file
     */
    TrustStore current() throws TrustStoreException;

    /**
     * Adds a public key in a role.
     *
     * @param role what the key may sign
     * @param name the key's name: letters, digits, '.', '_' or '-'; becomes {@code ROLE/NAME.pem}
     * @param pem the public key in PEM ("BEGIN PUBLIC KEY"), EC P-256, P-384 or P-521
     * @return the key as the trust store now holds it
     * @throws TrustStoreException when the name is taken or malformed, the PEM is not a usable public
     *     key, the key is already in that role, or the store cannot be written; nothing changed then
     */
    TrustedKey add(KeyRole role, String name, String pem) throws TrustStoreException;

    /**
     * Revokes a key: it verifies nothing from now on, in every role, even if its file stays.
     *
     * @param nameOrHint a key's name, or its 64-hex hint (works for keys whose file is gone)
     * @return the keys that are now revoked (empty when a hint names no key present)
     * @throws TrustStoreException when the name is unknown, the key is already revoked, or the store
     *     cannot be written; nothing changed then
     */
    java.util.List<TrustedKey> revoke(String nameOrHint) throws TrustStoreException;

    /**
     * Removes a key's file from a role: the key is no longer trusted in that role.
     *
     * @param role the role folder it is in
     * @param name the key's name
     * @return the key as it was
     * @throws TrustStoreException when no such key is in that role or the file cannot be removed
     */
    TrustedKey remove(KeyRole role, String name) throws TrustStoreException;
}
