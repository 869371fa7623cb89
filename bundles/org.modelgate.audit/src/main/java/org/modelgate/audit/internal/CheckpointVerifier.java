package org.modelgate.audit.internal;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.modelgate.audit.AuditCheckpoint;
import org.modelgate.audit.AuditVerification;
import org.modelgate.audit.AuditVerification.Break;
import org.modelgate.audit.AuditVerification.Reason;
import org.modelgate.audit.CheckpointSigner;

/**
 * Verification with anchors: the chain first ({@link ChainVerifier}), then every checkpoint (its
 * signature, then the log's entry at its sequence), then every {@code audit.checkpoint} entry of the
 * log (the checkpoint file must hold a checkpoint for each). The first problem wins, in that order.
 */
final class CheckpointVerifier {
    static final String NO_SIGNER = "checkpoint signatures not checked and no new checkpoints: no checkpoint signer"
            + " (the trust feature provides one: PID org.modelgate.security.signing)";
    static final String NO_CHECKPOINT = "no checkpoint yet: until the first one, entries can be cut off the end or"
            + " the log rewritten without a trace";

    private final CheckpointFile file;
    private final CheckpointSigner signer;
    private final long pendingMarker;

    /**
     * @param file the checkpoint file
     * @param signer the signer whose public key checks the signatures, or null
     * @param pendingMarker the sequence of an {@code audit.checkpoint} entry whose checkpoint is not written yet
     *        (signing failed; retried at the next checkpoint), or -1
     */
    CheckpointVerifier(CheckpointFile file, CheckpointSigner signer, long pendingMarker) {
        this.file = file;
        this.signer = signer;
        this.pendingMarker = pendingMarker;
    }

    AuditVerification verify(Path log, long limit) {
        List<CheckpointFile.Line> lines = file.read();
        Set<Long> sequences = new HashSet<>();
        AuditCheckpoint last = null;
        for (CheckpointFile.Line line : lines) {
            if (line.checkpoint() != null) {
                sequences.add(line.checkpoint().sequence());
                last = line.checkpoint();
            }
        }
        ChainVerifier chain = ChainVerifier.walk(log, limit, sequences);
        AuditVerification base = chain.result();
        long checked = 0;
        Break problem = base.firstBreak();
        for (CheckpointFile.Line line : lines) {
            if (problem != null) {
                break;
            }
            problem = line.checkpoint() == null ? invalid(file.path() + ": " + line.problem()) : check(chain, base, line);
            checked += problem == null ? 1 : 0;
        }
        if (problem == null) {
            problem = missing(chain, sequences, lines.isEmpty());
        }
        String note = signer == null ? NO_SIGNER : lines.isEmpty() && chain.markers().isEmpty() ? NO_CHECKPOINT : null;
        return new AuditVerification(base.entriesChecked(), base.lastSequence(), base.headHash(), base.recoveredTails(),
                problem, checked, last, note);
    }

    private Break check(ChainVerifier chain, AuditVerification base, CheckpointFile.Line line) {
        AuditCheckpoint checkpoint = line.checkpoint();
        String which = "checkpoint " + line.number() + " of " + file.path() + " (sequence " + checkpoint.sequence()
                + ", " + checkpoint.time() + ")";
        if (signer != null) {
            if (!signer.keyId().equals(checkpoint.keyId())) {
                return invalid(which + " is signed by key " + checkpoint.keyId() + ", but this gateway's"
                        + " checkpoint key is " + signer.keyId() + " (was the key replaced?)");
            }
            if (!signatureVerifies(checkpoint)) {
                return invalid(which + ": the signature does not verify: the checkpoint file was edited");
            }
        }
        ChainVerifier.SoundEntry entry = chain.anchoredEntry(checkpoint.sequence());
        if (entry == null) {
            long end = base.lastSequence();
            return new Break(chain.lines() + 1, checkpoint.sequence(), Reason.BEHIND_CHECKPOINT, "the log ends at sequence "
                    + end + ", but " + which + " covers up to sequence " + checkpoint.sequence() + ": "
                    + (checkpoint.sequence() - end == 1 ? "entry " + checkpoint.sequence() + " was"
                            : "entries " + (end + 1) + " to " + checkpoint.sequence() + " were")
                    + " cut off the end of the log");
        }
        if (!entry.hash().equals(checkpoint.headHash())) {
            return new Break(entry.line(), entry.sequence(), Reason.REWRITTEN, "the entry's hash is not the one "
                    + which + " signed: the log was rewritten from this entry or an earlier one, with recomputed hashes");
        }
        return null;
    }

    private Break missing(ChainVerifier chain, Set<Long> sequences, boolean noCheckpoints) {
        for (ChainVerifier.SoundEntry marker : chain.markers()) {
            if (!sequences.contains(marker.sequence()) && marker.sequence() != pendingMarker) {
                return new Break(marker.line(), marker.sequence(), Reason.CHECKPOINT_MISSING, "the log records a"
                        + " checkpoint here, but " + (noCheckpoints ? "the checkpoint file " + file.path()
                                + " holds no checkpoint or is gone: it was deleted or emptied"
                                : file.path() + " holds none for it: the checkpoint file was cut short or replaced"));
            }
        }
        return null;
    }

    private static Break invalid(String message) {
        return new Break(0, -1, Reason.CHECKPOINT_INVALID, message);
    }

    private boolean signatureVerifies(AuditCheckpoint checkpoint) {
        try {
            Signature verifier = Signature.getInstance(signer.signatureAlgorithm());
            verifier.initVerify(signer.publicKey());
            verifier.update(checkpoint.signedBytes());
            return verifier.verify(checkpoint.signature());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
