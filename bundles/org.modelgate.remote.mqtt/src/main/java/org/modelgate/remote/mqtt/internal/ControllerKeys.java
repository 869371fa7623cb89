package org.modelgate.remote.mqtt.internal;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.modelgate.remote.CommandException;
import org.modelgate.remote.CommandSignatures;
import org.modelgate.security.KeyRole;
import org.modelgate.security.TrustStore;
import org.modelgate.security.TrustStoreException;
import org.modelgate.security.TrustedKey;

/**
 * Checks a mutating command's signature against the controller keys of the trust store
 * ({@code etc/trust/controller/}), read again at every check so that an added or revoked key counts at once.
 */
final class ControllerKeys {
    private final Path trustStore;

    ControllerKeys(Path trustStore) {
        this.trustStore = trustStore;
    }

    /**
     * Checks a signature.
     *
     * @param command the command
     * @param payload the payload as received
     * @param signature the {@code signature} user property, or null
     * @param key the {@code key} user property (hint or id), or null
     * @return the id of the key that signed
     * @throws CommandException naming what is wrong: unsigned, unknown key, revoked key, bad signature
     */
    String verify(String command, byte[] payload, String signature, String key) {
        if (signature == null || key == null) {
            throw new CommandException("command '" + command + "' changes the gateway and must be signed by a controller key:"
                    + " user properties '" + CommandSignatures.SIGNATURE_PROPERTY + "' and '" + CommandSignatures.KEY_PROPERTY
                    + "' are missing");
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException e) {
            throw new CommandException("user property 'signature' is not base64: " + e.getMessage());
        }
        TrustStore store;
        try {
            store = TrustStore.load(trustStore);
        } catch (TrustStoreException e) {
            throw new CommandException("cannot check the signature: the trust store cannot be read: " + e.getMessage());
        }
        List<TrustedKey> named = store.keys().stream().filter(k -> k.role() == KeyRole.CONTROLLER)
                .filter(k -> k.hint().equals(key) || k.id().equals(key)).toList();
        if (named.isEmpty()) {
            throw new CommandException("unknown key '" + key + "': no controller key of " + trustStore.resolve("controller")
                    + " has that hint or name; add the controller's public key there (mg:trust add controller NAME FILE)");
        }
        TrustedKey trusted = named.get(0);
        if (trusted.revoked()) {
            throw new CommandException("key '" + trusted.id() + "' is revoked (revoked.txt); sign with a valid controller key");
        }
        if (!CommandSignatures.verify(command, payload, sig, trusted.publicKey())) {
            throw new CommandException("bad signature: it does not verify with controller key '" + trusted.id()
                    + "' over this command and payload (signed for another command, payload changed, or another key)");
        }
        return trusted.id();
    }
}
