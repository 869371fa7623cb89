package org.modelgate.fleet.internal.federated;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.modelgate.learn.UpdateCodec;
import org.modelgate.learn.secagg.EncryptedShare;
import org.modelgate.learn.secagg.FixedPoint;
import org.modelgate.learn.secagg.KeyAdvert;
import org.modelgate.learn.secagg.MaskedInput;
import org.modelgate.learn.secagg.SecAggException;
import org.modelgate.learn.secagg.SecAggParameters;
import org.modelgate.learn.secagg.SecAggServer;
import org.modelgate.learn.secagg.UnmaskResponse;

/**
 * One attempt of a secure aggregation round (Bonawitz et al., the library's {@link SecAggServer}): the selected
 * devices train, then advertise keys, share them, send their clipped, fixed-point encoded and masked updates, and
 * reveal the shares that unmask the sum. The aggregator learns only the sum of the survivors' updates, and returns
 * their unweighted mean (the sample counts are not inside the masked vector).
 *
 * <p>Time: the devices train until 55 % of the time left to the round's deadline; each of the three exchanges then
 * gets 15 %. A device that misses a step is dropped by the protocol's rule (its pairwise masks are removed from the
 * sum with the mask-key shares of the others; its input is not in it). Fewer than t devices at any step fail the
 * round. The library's state lives in memory only: a restarted aggregator starts the round's secure part again as a
 * new attempt (new keys, a new round id; the training itself is answered from the gateways' replay caches).
 *
 * <p>Every message the controller sends must fit one command ({@link DeviceCalls#chunkBytes()}); the masked input the
 * device sends back comes in chunks (offset polling, SHA-256 checked) like a plain update.
 */
final class SecureRound {
    static final int MODULUS_BITS = 32;

    /** The round's outcome: the mean of the survivors' updates (null: failed, with the problem), per device. */
    record Result(float[] mean, List<RoundResult.DeviceResult> devices, String problem) {
    }

    private final DeviceCalls calls;
    private final ExecutorService pool;
    private final Clock clock;
    private final String trainingId;
    private final FederatedPlan plan;
    private final long round;
    private final DeviceRound training;
    private final int clients;
    private final String attempt;
    private final SecAggParameters parameters;
    private final FixedPoint codec;
    private final Map<String, RoundResult.DeviceResult> results = new TreeMap<>();
    private final Map<String, DeviceRound.Outcome> trained = new TreeMap<>();

    SecureRound(DeviceCalls calls, ExecutorService pool, Clock clock, String trainingId, FederatedPlan plan, long round,
            DeviceRound training, int clients) {
        this.calls = calls;
        this.pool = pool;
        this.clock = clock;
        this.trainingId = trainingId;
        this.plan = plan;
        this.round = round;
        this.training = training;
        this.clients = clients;
        this.attempt = String.format("%08x", ThreadLocalRandom.current().nextInt());
        this.parameters = new SecAggParameters(trainingId + ".r" + round + "." + attempt, plan.parameterCount(),
                threshold(clients, plan.minFit()), MODULUS_BITS);
        this.codec = FixedPoint.forClients(clients, (float) plan.secureClip(), MODULUS_BITS);
    }

    /** t: a strict majority of the selected devices, and at least minFit (every step must keep minFit devices). */
    static int threshold(int clients, int minFit) {
        return Math.min(Math.max(2, clients), Math.max(SecAggParameters.defaultThreshold(clients), minFit));
    }

    /** The attempt's round id (bound into every key and share). */
    String roundId() {
        return parameters.roundId();
    }

    Result run(List<String> selected, Instant deadline, BooleanSupplier cancelled) throws InterruptedException {
        Instant now = clock.instant();
        Duration left = Duration.between(now, deadline);
        if (left.isNegative()) {
            left = Duration.ZERO;
        }
        Instant trainEnd = now.plus(left.multipliedBy(55).dividedBy(100));
        Duration step = left.multipliedBy(15).dividedBy(100);
        SecAggServer server = new SecAggServer(parameters);
        try {
            // training and round 0: adverts
            Map<String, byte[]> adverts = parallel(selected, "training and advertising", device -> {
                DeviceRound.Outcome o = training.run(device, trainEnd, cancelled);
                synchronized (trained) {
                    trained.put(device, o);
                }
                if (!o.trainedSecurely()) {
                    throw new StepFailed(o.problem());
                }
                Map<String, Object> body = body("secagg-advertise");
                body.put("clientId", device);
                body.put("clients", clients);
                body.put("threshold", parameters.threshold());
                body.put("modulusBits", parameters.modulusBits());
                return bytes(call(device, "adv", body, trainEnd, cancelled));
            });
            for (Map.Entry<String, byte[]> e : adverts.entrySet()) {
                accept("advertising", e.getKey(), () -> {
                    KeyAdvert advert = KeyAdvert.fromBytes(e.getValue());
                    if (!advert.clientId().equals(e.getKey())) {
                        throw new SecAggException("the advert of " + e.getKey() + " is labelled '" + advert.clientId()
                                + "'");
                    }
                    server.accept(advert);
                });
            }
            byte[] all = fit("the adverts", KeyAdvert.listToBytes(server.adverts()));
            Instant shareEnd = trainEnd.plus(step);
            // round 1: shares
            Map<String, byte[]> shares = parallel(List.copyOf(server.adverts().stream().map(KeyAdvert::clientId)
                    .toList()), "sharing keys", device -> bytes(call(device, "shr", withData("secagg-share", all),
                    shareEnd, cancelled)));
            List<EncryptedShare> allShares = new ArrayList<>();
            for (Map.Entry<String, byte[]> e : shares.entrySet()) {
                accept("sharing keys", e.getKey(), () -> allShares.addAll(EncryptedShare.listFromBytes(e.getValue())));
            }
            Map<String, List<EncryptedShare>> routed = server.route(allShares);
            Map<String, byte[]> forEach = new TreeMap<>();
            for (Map.Entry<String, List<EncryptedShare>> e : routed.entrySet()) {
                forEach.put(e.getKey(), fit("the shares for " + e.getKey(), EncryptedShare.listToBytes(e.getValue())));
            }
            Instant inputEnd = shareEnd.plus(step);
            // round 2: masked inputs
            Map<String, byte[]> masked = parallel(List.copyOf(routed.keySet()), "sending the masked input",
                    device -> maskedInput(device, forEach.get(device), inputEnd, cancelled));
            for (Map.Entry<String, byte[]> e : masked.entrySet()) {
                accept("sending the masked input", e.getKey(), () -> {
                    MaskedInput input = MaskedInput.fromBytes(e.getValue());
                    if (!input.clientId().equals(e.getKey())) {
                        throw new SecAggException("the masked input of " + e.getKey() + " is labelled '"
                                + input.clientId() + "'");
                    }
                    server.accept(input);
                });
            }
            byte[] request = fit("the unmask request", server.unmaskRequest().toBytes());
            Instant unmaskEnd = deadline.isAfter(inputEnd.plus(step)) ? deadline : inputEnd.plus(step);
            // round 3: unmasking
            Map<String, byte[]> responses = parallel(List.copyOf(server.survivors()), "unmasking", device ->
                    bytes(call(device, "unm", withData("secagg-unmask", request), unmaskEnd, cancelled)));
            for (Map.Entry<String, byte[]> e : responses.entrySet()) {
                accept("unmasking", e.getKey(), () -> server.accept(UnmaskResponse.fromBytes(e.getValue())));
            }
            Set<String> survivors = server.survivors();
            float[] sum = codec.decodeSum(server.sum(), survivors.size());
            for (String device : selected) {
                DeviceRound.Outcome o = trained.get(device);
                if (survivors.contains(device)) {
                    results.put(device, new RoundResult.DeviceResult(device, true, o.samples(), "", o.deviceAccuracy(),
                            o.loss(), masked.get(device).length));
                }
            }
            return new Result(mean(sum, survivors.size()), devices(selected), "");
        } catch (SecAggException e) { // RoundFailedException included: fewer than t devices at a step
            return new Result(null, devices(selected), "secure aggregation failed: " + e.getMessage());
        }
    }

    /** The mean of the survivors' updates; refused when not finite or beyond the clip bound (a client did not clip). */
    private float[] mean(float[] sum, int survivors) {
        float[] mean = new float[sum.length];
        double sq = 0;
        for (int i = 0; i < sum.length; i++) {
            mean[i] = sum[i] / survivors;
            sq += (double) mean[i] * mean[i];
        }
        double norm = Math.sqrt(sq);
        if (!Double.isFinite(norm)) {
            throw new SecAggException("the decoded sum is not finite");
        }
        if (norm > plan.secureClip() * 1.001) {
            throw new SecAggException("the mean of the survivors' updates has L2 norm " + norm + ", above the clip "
                    + plan.secureClip() + " every gateway clips to: some gateway did not clip; the round is refused");
        }
        return mean;
    }

    private byte[] maskedInput(String device, byte[] forMe, Instant end, BooleanSupplier cancelled)
            throws TimeoutException, InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int size = -1;
        String sha256 = "";
        while (size < 0 || bytes.size() < size) {
            Map<String, Object> body = bytes.size() == 0 ? withData("secagg-input", forMe) : body("secagg-input");
            body.put("offset", bytes.size());
            Map<?, ?> r = call(device, "in" + bytes.size(), body, end, cancelled);
            int announced = ((Number) r.get("size")).intValue();
            if (size >= 0 && (announced != size || !sha256.equals(r.get("sha256")))) {
                throw new StepFailed("its masked input changed while it was fetched");
            }
            size = announced;
            sha256 = String.valueOf(r.get("sha256"));
            byte[] data = Base64.getDecoder().decode(String.valueOf(r.get("data")));
            if (((Number) r.get("offset")).longValue() != bytes.size() || (data.length == 0 && bytes.size() < size)) {
                throw new StepFailed("the masked input's chunk came at the wrong offset");
            }
            bytes.write(data, 0, data.length);
        }
        byte[] all = bytes.toByteArray();
        if (!UpdateCodec.sha256(all).equals(sha256)) {
            throw new StepFailed("the masked input's SHA-256 does not match what the device said");
        }
        return all;
    }

    private Map<?, ?> call(String device, String step, Map<String, Object> body, Instant end, BooleanSupplier cancelled)
            throws TimeoutException, InterruptedException {
        String id = trainingId + ".r" + round + "." + device + ".s" + attempt + "." + step;
        DeviceCalls.Answer a = calls.call(device, DeviceRound.COMMAND, id, body, end, cancelled);
        if (!a.ok()) {
            throw new StepFailed("refused: " + a.error());
        }
        return a.result() instanceof Map<?, ?> m ? m : Map.of();
    }

    private static byte[] bytes(Map<?, ?> answer) {
        return Base64.getDecoder().decode(String.valueOf(answer.get("data")));
    }

    /** A message the controller sends must fit one command. */
    private byte[] fit(String what, byte[] message) {
        if (message.length > calls.chunkBytes()) {
            throw new SecAggException(what + " take " + message.length + " bytes, more than one command carries ("
                    + calls.chunkBytes() + " bytes, the fleet's chunkBytes): select fewer devices per round or raise"
                    + " chunkBytes");
        }
        return message;
    }

    private interface DeviceStep {
        byte[] run(String device) throws Exception;
    }

    /** Runs one step on every device in parallel; a device that fails it is recorded as dropped at that step. */
    private Map<String, byte[]> parallel(List<String> devices, String step, DeviceStep work)
            throws InterruptedException {
        Map<String, Future<byte[]>> futures = new LinkedHashMap<>();
        for (String device : devices) {
            Callable<byte[]> c = () -> work.run(device);
            futures.put(device, pool.submit(c));
        }
        Map<String, byte[]> answers = new TreeMap<>();
        for (Map.Entry<String, Future<byte[]>> e : futures.entrySet()) {
            try {
                answers.put(e.getKey(), e.getValue().get());
            } catch (ExecutionException x) {
                Throwable cause = x.getCause();
                String why = cause instanceof TimeoutException ? "no answer before the step's deadline"
                        : cause instanceof StepFailed || cause instanceof SecAggException ? cause.getMessage()
                        : "a malformed answer: " + cause;
                drop(e.getKey(), step, why);
            }
        }
        return answers;
    }

    private void accept(String step, String device, Runnable take) {
        try {
            take.run();
        } catch (RuntimeException e) {
            drop(device, step, "its message was refused: " + e.getMessage());
        }
    }

    private void drop(String device, String step, String why) {
        DeviceRound.Outcome o;
        synchronized (trained) {
            o = trained.get(device);
        }
        results.putIfAbsent(device, new RoundResult.DeviceResult(device, false, o == null ? 0 : o.samples(),
                "dropped while " + step + ": " + why, o == null ? Double.NaN : o.deviceAccuracy(),
                o == null ? Double.NaN : o.loss(), 0));
    }

    private List<RoundResult.DeviceResult> devices(List<String> selected) {
        List<RoundResult.DeviceResult> list = new ArrayList<>();
        for (String device : selected) {
            RoundResult.DeviceResult r = results.get(device);
            if (r == null) {
                DeviceRound.Outcome o = trained.get(device);
                r = new RoundResult.DeviceResult(device, false, o == null ? 0 : o.samples(),
                        "not in the sum: the round failed before its masked input counted",
                        o == null ? Double.NaN : o.deviceAccuracy(), o == null ? Double.NaN : o.loss(), 0);
            }
            list.add(r);
        }
        return list;
    }

    private Map<String, Object> body(String action) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("action", action);
        b.put("task", plan.task());
        b.put("round", round);
        b.put("roundId", parameters.roundId());
        return b;
    }

    private Map<String, Object> withData(String action, byte[] data) {
        Map<String, Object> b = body(action);
        b.put("data", Base64.getEncoder().encodeToString(data));
        return b;
    }

    /** A device failed a step (its answer says why). */
    private static final class StepFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StepFailed(String why) {
            super(why);
        }
    }
}
