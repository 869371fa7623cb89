package org.modelgate.fleet.internal;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.modelgate.fleet.FleetException;
import org.modelgate.fleet.Rollout;
import org.modelgate.fleet.RolloutApproval;
import org.modelgate.remote.CommandSignatures;
import org.modelgate.security.KeyRole;
import org.modelgate.security.TrustStore;
import org.modelgate.security.TrustStoreException;
import org.modelgate.security.TrustedKey;

/**
 * Controller keys of the trust store ({@code <trustDir>/controller/NAME.pem}, revoked in {@code revoked.txt}), read
 * again at every check: who may approve a production rollout, and who signed an operator command.
 */
final class Approvals {
    private final Path trustDir;

    Approvals(Path trustDir) {
        this.trustDir = trustDir;
    }

    /** The valid controller key with this id or hint. */
    TrustedKey key(String idOrHint) {
        if (trustDir == null) {
            throw new FleetException("no trust store is configured (trustDir): no controller key can approve or send"
                    + " operator commands");
        }
        TrustStore store;
        try {
            store = TrustStore.load(trustDir);
        } catch (TrustStoreException e) {
            throw new FleetException("the trust store " + trustDir + " cannot be read: " + e.getMessage(), e);
        }
        List<TrustedKey> named = store.keys().stream().filter(k -> k.role() == KeyRole.CONTROLLER)
                .filter(k -> k.id().equals(idOrHint) || k.hint().equals(idOrHint)).toList();
        if (named.isEmpty()) {
            throw new FleetException("unknown key '" + idOrHint + "': no controller key of " + trustDir.resolve("controller")
                    + " has that name or hint");
        }
        TrustedKey key = named.get(0);
        if (key.revoked()) {
            throw new FleetException("key '" + key.id() + "' is revoked (revoked.txt)");
        }
        return key;
    }

    /** Whether two key names (ids or hints) name the same key; unknown names compare as text. */
    boolean same(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            TrustedKey ka = key(a);
            TrustedKey kb = key(b);
            return ka.hint().equals(kb.hint());
        } catch (FleetException e) {
            return false;
        }
    }

    /**
     * Checks that a key may approve a rollout: another key than the creator's, valid, and (when a signature is
     * given) signing {@link RolloutApproval#statement(Rollout)}.
     *
     * @return the approver's key id
     */
    String checkApproval(Rollout rollout, String approverKeyId, byte[] signature) {
        TrustedKey key = key(approverKeyId);
        if (same(key.id(), rollout.creatorKeyId()) || key.hint().equals(rollout.creatorKeyId())) {
            throw new FleetException("rollout " + rollout.id() + " was created with key '" + rollout.creatorKeyId()
                    + "': a production rollout needs the approval of a second controller key, not the creator's");
        }
        if (signature == null || !RolloutApproval.verify(rollout, signature, key.publicKey())) {
            throw new FleetException("the approval of rollout " + rollout.id() + " does not verify with controller key '"
                    + key.id() + "' (sign RolloutApproval.statement of this rollout with that key)");
        }
        return key.id();
    }

    /** Checks an operator command's signature; returns the signer's key id. */
    String checkCommand(String command, byte[] payload, String signature, String keyName) {
        if (signature == null || keyName == null) {
            throw new FleetException("operator command '" + command + "' must be signed by a controller key: user"
                    + " properties 'signature' and 'key' are missing");
        }
        TrustedKey key = key(keyName);
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException e) {
            throw new FleetException("user property 'signature' is not base64");
        }
        if (!CommandSignatures.verify(command, payload, sig, key.publicKey())) {
            throw new FleetException("bad signature: it does not verify with controller key '" + key.id()
                    + "' over this command and payload");
        }
        return key.id();
    }
}
