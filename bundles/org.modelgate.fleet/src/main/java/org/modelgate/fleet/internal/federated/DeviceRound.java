package org.modelgate.fleet.internal.federated;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.modelgate.learn.ClientUpdate;
import org.modelgate.learn.UpdateCodec;

/**
 * One device's part of one round, over the {@code learn} command: announce, the global weights in chunks, fit, then
 * the update in chunks (polled while it trains). Every command id is fixed by (training, round, device, step), so a
 * restarted aggregator that runs the round again gets the gateway's first answers back and nothing runs twice. The
 * update polls number their tries ({@code .u{offset}.{try}}): an answer "training" must not be replayed forever.
 */
final class DeviceRound {
    static final String COMMAND = "learn";
    private static final long POLL_MILLIS = 300;

    /** What came back: an update, or why not. */
    record Outcome(String device, ClientUpdate update, String problem, double deviceAccuracy, double loss, long bytes,
            int samples) {
        static Outcome failed(String device, String why) {
            return new Outcome(device, null, why, Double.NaN, Double.NaN, 0, 0);
        }

        /** Trained in a secure round: the update stays on the gateway until it is masked. */
        boolean trainedSecurely() {
            return update == null && problem.isEmpty();
        }
    }

    private final DeviceCalls calls;
    private final Clock clock;
    private final String trainingId;
    private final FederatedPlan plan;
    private final long round;
    private final byte[] globalBytes;
    private final String globalSha256;
    private final int clientsPerRound;

    DeviceRound(DeviceCalls calls, Clock clock, String trainingId, FederatedPlan plan, long round, float[] global,
            int clientsPerRound) {
        this.calls = calls;
        this.clock = clock;
        this.trainingId = trainingId;
        this.plan = plan;
        this.round = round;
        this.globalBytes = UpdateCodec.encode(global);
        this.globalSha256 = UpdateCodec.sha256(globalBytes);
        this.clientsPerRound = clientsPerRound;
    }

    Outcome run(String device, Instant deadline, BooleanSupplier cancelled) throws InterruptedException {
        String prefix = trainingId + ".r" + round + "." + device;
        try {
            Map<String, Object> announce = body("round");
            announce.put("settings", plan.roundSettings(clientsPerRound));
            announce.put("size", globalBytes.length);
            announce.put("sha256", globalSha256);
            DeviceCalls.Answer a = calls.call(device, COMMAND, prefix + ".a", announce, deadline, cancelled);
            if (!a.ok()) {
                return Outcome.failed(device, "refused the round: " + a.error());
            }
            int chunk = calls.chunkBytes();
            for (int offset = 0; offset < globalBytes.length; offset += chunk) {
                Map<String, Object> weights = body("weights");
                weights.put("offset", offset);
                weights.put("data", Base64.getEncoder().encodeToString(Arrays.copyOfRange(globalBytes, offset,
                        Math.min(globalBytes.length, offset + chunk))));
                a = calls.call(device, COMMAND, prefix + ".w" + offset, weights, deadline, cancelled);
                if (!a.ok()) {
                    return Outcome.failed(device, "refused the global weights at offset " + offset + ": " + a.error());
                }
            }
            a = calls.call(device, COMMAND, prefix + ".f", body("fit"), deadline, cancelled);
            if (!a.ok()) {
                return Outcome.failed(device, "refused to fit: " + a.error());
            }
            return fetch(device, prefix, deadline, cancelled);
        } catch (TimeoutException e) {
            return Outcome.failed(device, "no answer before the round's deadline (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            return Outcome.failed(device, "a malformed answer: " + e);
        }
    }

    private Outcome fetch(String device, String prefix, Instant deadline, BooleanSupplier cancelled)
            throws TimeoutException, InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int size = -1;
        String sha256 = "";
        int samples = 0;
        double accuracy = Double.NaN;
        double loss = Double.NaN;
        int attempt = 0;
        while (size < 0 || bytes.size() < size) {
            if (!clock.instant().isBefore(deadline) || cancelled.getAsBoolean()) {
                throw new TimeoutException("the update of " + device + " was not complete by the deadline");
            }
            Map<String, Object> ask = body("update");
            ask.put("offset", bytes.size());
            ask.put("wait", calls.pollWaitMillis());
            DeviceCalls.Answer a = calls.call(device, COMMAND, prefix + ".u" + bytes.size() + "." + attempt++, ask,
                    deadline, cancelled);
            if (!a.ok()) {
                return Outcome.failed(device, "refused the update: " + a.error());
            }
            Map<?, ?> r = a.result() instanceof Map<?, ?> m ? m : Map.of();
            String state = String.valueOf(r.get("state"));
            if (state.equals("failed")) {
                return Outcome.failed(device, "local training failed: " + r.get("reason"));
            }
            if (!state.equals("update_ready")) {
                Thread.sleep(POLL_MILLIS); // the gateway waited already (long poll); this only spaces the tries
                continue;
            }
            if (plan.secure()) {
                if (r.containsKey("data")) {
                    return Outcome.failed(device, "sent its update unmasked in a secure round; it was not read");
                }
                return new Outcome(device, null, "", r.get("accuracy_before") instanceof Number n ? n.doubleValue()
                        : Double.NaN, r.get("loss") instanceof Number l ? l.doubleValue() : Double.NaN, 0,
                        ((Number) r.get("samples")).intValue());
            }
            int announced = ((Number) r.get("size")).intValue();
            if (size >= 0 && (announced != size || !sha256.equals(r.get("sha256")))) {
                return Outcome.failed(device, "the update changed while it was fetched (size or SHA-256)");
            }
            size = announced;
            sha256 = String.valueOf(r.get("sha256"));
            samples = ((Number) r.get("samples")).intValue();
            accuracy = r.get("accuracy_before") instanceof Number n ? n.doubleValue() : Double.NaN;
            loss = r.get("loss") instanceof Number n ? n.doubleValue() : Double.NaN;
            long offset = ((Number) r.get("offset")).longValue();
            byte[] data = Base64.getDecoder().decode(String.valueOf(r.get("data")));
            if (offset != bytes.size() || (data.length == 0 && bytes.size() < size)) {
                return Outcome.failed(device, "the update's chunk came at offset " + offset + ", " + bytes.size() + " was asked");
            }
            bytes.write(data, 0, data.length);
            attempt = 0;
        }
        byte[] all = bytes.toByteArray();
        if (!UpdateCodec.sha256(all).equals(sha256)) {
            return Outcome.failed(device, "the update's SHA-256 is " + UpdateCodec.sha256(all) + ", the device said " + sha256);
        }
        if (all.length % 4 != 0) {
            return Outcome.failed(device, "the update has " + all.length + " bytes, not a whole number of float32 values");
        }
        float[] delta = UpdateCodec.decode(all, all.length / 4); // the validator checks the length against the model
        return new Outcome(device, new ClientUpdate(device, round, samples, delta), "", accuracy, loss, all.length,
                samples);
    }

    private Map<String, Object> body(String action) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("action", action);
        b.put("task", plan.task());
        b.put("round", round);
        return b;
    }
}
