package org.modelgate.learn.client.internal;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.modelgate.learn.UpdateCodec;
import org.modelgate.remote.CommandException;

/**
 * One task's current round on this gateway: the announcement, the global weights arriving in chunks, the training
 * and the finished update. Guarded by its own monitor; the training thread fills in the result.
 */
final class TaskRound {
    /** Where the round is. */
    enum Phase { RECEIVING, READY_TO_FIT, TRAINING, UPDATE_READY, FAILED }

    final String task;
    final long round;
    final RoundSettings settings;
    final int size;
    final String sha256;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private float[] global;
    private Phase phase = Phase.RECEIVING;
    private byte[] update;
    private String updateSha256 = "";
    private int samples;
    private double loss = Double.NaN;
    private double accuracyBefore = Double.NaN;
    private double accuracyAfter = Double.NaN;
    private double seconds;
    private int epochs;
    private String problem = "";
    private long sentBytes;
    private Instant finished;
    private SecureInput secure;

    TaskRound(String task, long round, RoundSettings settings, int size, String sha256) {
        this.task = task;
        this.round = round;
        this.settings = settings;
        this.size = size;
        this.sha256 = sha256;
    }

    /** Whether an announcement is the one this round came from (a repeat changes nothing). */
    boolean sameAs(long otherRound, int otherSize, String otherSha, boolean otherSecure) {
        return round == otherRound && size == otherSize && sha256.equals(otherSha) && settings.secure() == otherSecure;
    }

    /**
     * Takes a chunk of the global weights.
     *
     * @return the number of bytes received so far
     */
    synchronized int weights(long offset, byte[] data) {
        if (phase != Phase.RECEIVING) {
            return size; // complete already: a resent chunk changes nothing
        }
        int have = received.size();
        if (offset > have) {
            throw new CommandException("weights chunk at offset " + offset + " of task " + task + " round " + round
                    + " is out of order: " + have + " bytes were received so far; send the chunk at offset " + have);
        }
        if (offset + data.length > size) {
            throw new CommandException("weights chunk at offset " + offset + " with " + data.length + " bytes goes past"
                    + " the announced size " + size);
        }
        int skip = (int) (have - offset);
        if (skip < data.length) {
            received.write(data, skip, data.length - skip);
        }
        if (received.size() == size) {
            byte[] all = received.toByteArray();
            String actual = UpdateCodec.sha256(all);
            if (!actual.equals(sha256)) {
                received.reset();
                throw new CommandException("the global weights of task " + task + " round " + round + " have SHA-256 "
                        + actual + ", the announcement said " + sha256 + "; they were discarded: send them again from"
                        + " offset 0");
            }
            global = UpdateCodec.decode(all, settings.parameterCount());
            phase = Phase.READY_TO_FIT;
        }
        return received.size();
    }

    synchronized Phase phase() {
        return phase;
    }

    synchronized float[] global() {
        return global;
    }

    /** Marks the round as training; false when it is past that (a repeated fit). */
    synchronized boolean startTraining() {
        if (phase == Phase.RECEIVING) {
            throw new CommandException("task " + task + " round " + round + " cannot fit yet: " + received.size() + " of "
                    + size + " bytes of the global weights arrived; send the rest (action weights) first");
        }
        if (phase != Phase.READY_TO_FIT) {
            return false;
        }
        phase = Phase.TRAINING;
        return true;
    }

    synchronized void trained(byte[] encoded, int samples, double loss, double accuracyBefore, double accuracyAfter,
            double seconds, int epochs) {
        this.update = encoded;
        this.updateSha256 = UpdateCodec.sha256(encoded);
        this.samples = samples;
        this.loss = loss;
        this.accuracyBefore = accuracyBefore;
        this.accuracyAfter = accuracyAfter;
        this.seconds = seconds;
        this.epochs = epochs;
        this.finished = Instant.now();
        this.phase = Phase.UPDATE_READY;
        notifyAll();
    }

    /** Waits up to {@code millis} while the round trains (the controller's long poll). */
    synchronized void awaitTrained(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (phase == Phase.TRAINING) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }

    synchronized void failed(String why) {
        this.problem = why;
        this.finished = Instant.now();
        this.phase = Phase.FAILED;
        notifyAll();
    }

    /** The update's chunk at {@code offset} with what the controller needs to check it, or the phase. */
    synchronized Map<String, Object> updateChunk(long offset, int maxBytes) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("task", task);
        answer.put("round", round);
        answer.put("state", stateName());
        if (phase == Phase.FAILED) {
            answer.put("reason", problem);
            return answer;
        }
        if (phase != Phase.UPDATE_READY) {
            return answer;
        }
        answer.put("samples", samples);
        answer.put("loss", finite(loss));
        answer.put("accuracy_before", finite(accuracyBefore));
        answer.put("accuracy_after", finite(accuracyAfter));
        answer.put("seconds", seconds);
        answer.put("epochs", epochs);
        if (settings.secure()) {
            answer.put("secure", true); // the update leaves only masked, through the secagg-* actions
            return answer;
        }
        if (offset > update.length) {
            throw new CommandException("offset " + offset + " is past the update's " + update.length + " bytes");
        }
        int length = (int) Math.min(maxBytes, update.length - offset);
        byte[] chunk = Arrays.copyOfRange(update, (int) offset, (int) offset + length);
        sentBytes += length;
        answer.put("samples", samples);
        answer.put("size", update.length);
        answer.put("sha256", updateSha256);
        answer.put("offset", offset);
        answer.put("data", java.util.Base64.getEncoder().encodeToString(chunk));
        answer.put("loss", finite(loss));
        answer.put("accuracy_before", finite(accuracyBefore));
        answer.put("accuracy_after", finite(accuracyAfter));
        answer.put("seconds", seconds);
        answer.put("epochs", epochs);
        return answer;
    }

    /** The trained update (for masking), or a refusal that says why it is not there. */
    synchronized float[] trainedDelta() {
        if (phase != Phase.UPDATE_READY) {
            throw new CommandException("task " + task + " round " + round + " has no update to mask: it is "
                    + stateName() + (problem.isEmpty() ? "" : " (" + problem + ")"));
        }
        return UpdateCodec.decode(update, settings.parameterCount());
    }

    /**
     * The secure aggregation attempt {@code roundId} of this round: made by {@code secagg-advertise}, replaced when a
     * new attempt advertises (a restarted aggregator), refused for an attempt that is not the current one.
     */
    synchronized SecureInput secure(String roundId, java.util.function.Supplier<SecureInput> advertised) {
        if (!settings.secure()) {
            throw new CommandException("task " + task + " round " + round + " was not announced as a secure aggregation"
                    + " round (settings.secureClip)");
        }
        if (secure == null || !secure.roundId.equals(roundId)) {
            if (advertised == null) {
                throw new CommandException("secure aggregation attempt '" + roundId + "' of task " + task + " round "
                        + round + " did not advertise on this gateway" + (secure == null ? ""
                        : " (the current attempt is '" + secure.roundId + "')") + "; send secagg-advertise first");
            }
            secure = advertised.get();
        }
        return secure;
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    synchronized String stateName() {
        return switch (phase) {
            case RECEIVING -> "receiving";
            case READY_TO_FIT -> "ready_to_fit";
            case TRAINING -> "training";
            case UPDATE_READY -> "update_ready";
            case FAILED -> "failed";
        };
    }

    /** The round as status shows it. */
    synchronized Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("task", task);
        d.put("round", round);
        d.put("state", stateName());
        d.put("received", phase == Phase.RECEIVING ? received.size() : size);
        d.put("size", size);
        d.put("samples", samples);
        d.put("loss", finite(loss));
        d.put("accuracy_before", finite(accuracyBefore));
        d.put("accuracy_after", finite(accuracyAfter));
        d.put("seconds", seconds);
        d.put("epochs", epochs);
        d.put("sent_bytes", sentBytes);
        d.put("finished", finished == null ? null : finished.toString());
        d.put("reason", problem.isEmpty() ? null : problem);
        return d;
    }
}
