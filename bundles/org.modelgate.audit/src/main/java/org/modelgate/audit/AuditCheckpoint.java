package org.modelgate.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A signed statement that the audit log held {@code sequence} entries ending in {@code headHash} at
 * {@code time}: an anchor kept apart from the log (the checkpoint file) so that
 * {@link AuditLog#verify()} notices entries cut off the end, or rewritten with fresh hashes, up to the
 * last checkpoint.
 *
 * <p>Made by the provider of {@link AuditLog} and signed by a {@link CheckpointSigner}; handed to every
 * {@link CheckpointListener} so that it can be kept off the device too. Anyone with the signer's public
 * key checks it by verifying {@link #signature()} over {@link #signedBytes()}.
 *
 * @param sequence the sequence of the last entry covered (an {@code audit.checkpoint} entry)
 * @param headHash that entry's hash (64 lower-case hex digits)
 * @param time when the checkpoint was made, UTC, millisecond precision
 * @param keyId the signer's key id ({@link CheckpointSigner#keyId()})
 * @param signature the signature over {@link #signedBytes()}, DER for ECDSA
 * @since 1.1
 */
public record AuditCheckpoint(long sequence, String headHash, Instant time, String keyId, byte[] signature) {
    /** The first line of every signed statement: names the format. */
    public static final String FORMAT = "modelgate-audit-checkpoint/v1";

    /** Checks the components. */
    public AuditCheckpoint {
        Objects.requireNonNull(headHash, "headHash");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(keyId, "keyId");
        signature = Objects.requireNonNull(signature, "signature").clone();
    }

    /**
     * Returns a copy of the signature.
     *
     * @return the signature bytes
     */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /**
     * Checkpoints are equal when every component is, the signature compared by content.
     *
     * @param other another object
     * @return whether it is the same checkpoint
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof AuditCheckpoint that && sequence == that.sequence && headHash.equals(that.headHash)
                && time.equals(that.time) && keyId.equals(that.keyId) && Arrays.equals(signature, that.signature);
    }

    /**
     * A hash over every component, the signature by content.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(sequence, headHash, time, keyId) * 31 + Arrays.hashCode(signature);
    }

    /**
     * For logs: the signature as base64.
     *
     * @return e.g. {@code AuditCheckpoint[sequence=101, headHash=9ab0..., ...]}
     */
    @Override
    public String toString() {
        return "AuditCheckpoint[sequence=" + sequence + ", headHash=" + headHash + ", time=" + time + ", keyId=" + keyId
                + ", signature=" + Base64.getEncoder().encodeToString(signature) + "]";
    }

    /**
     * The bytes the signature covers: four lines of UTF-8, each ending in {@code \n}:
     * {@value #FORMAT}, the sequence in decimal, the head hash, the time as ISO-8601.
     *
     * @return the statement
     */
    public byte[] signedBytes() {
        return statement(sequence, headHash, time);
    }

    /**
     * The statement a checkpoint of these values signs.
     *
     * @param sequence the last entry's sequence
     * @param headHash its hash
     * @param time when
     * @return the bytes to sign
     */
    public static byte[] statement(long sequence, String headHash, Instant time) {
        return (FORMAT + "\n" + sequence + "\n" + headHash + "\n" + time + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
