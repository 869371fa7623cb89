package org.modelgate.fleet;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.modelgate.remote.CommandSignatures;

/**
 * What a second controller key signs to approve a production rollout: the statement
 * {@code modelgate-rollout-approval/1\n{id}\n{model}\n{version}\n{sha256}\n{creatorKeyId}}, signed as
 * {@link CommandSignatures} signs a command named {@value #COMMAND} (same algorithms: ECDSA or Ed25519).
 */
public final class RolloutApproval {
    /** The command name the statement is signed under. */
    public static final String COMMAND = "rollout-approval";

    private RolloutApproval() {
    }

    /**
     * The statement an approver signs.
     *
     * @param rollout the rollout
     * @return the UTF-8 bytes of the statement
     */
    public static byte[] statement(Rollout rollout) {
        return ("modelgate-rollout-approval/1\n" + rollout.id() + "\n" + rollout.model() + "\n" + rollout.version() + "\n"
                + rollout.sha256() + "\n" + rollout.creatorKeyId()).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Signs the approval of a rollout.
     *
     * @param rollout the rollout
     * @param key the approver's private controller key
     * @return the signature
     */
    public static byte[] sign(Rollout rollout, PrivateKey key) {
        return CommandSignatures.sign(COMMAND, statement(rollout), key);
    }

    /**
     * Checks an approval signature.
     *
     * @param rollout the rollout
     * @param signature the signature
     * @param key the approver's public key
     * @return true when it verifies
     */
    public static boolean verify(Rollout rollout, byte[] signature, PublicKey key) {
        return CommandSignatures.verify(COMMAND, statement(rollout), signature, key);
    }
}
