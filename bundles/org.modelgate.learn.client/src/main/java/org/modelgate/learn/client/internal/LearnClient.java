package org.modelgate.learn.client.internal;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.modelgate.learn.ClientPrivacy;
import org.modelgate.learn.ClientUpdate;
import org.modelgate.learn.LocalTraining;
import org.modelgate.learn.TrainingOutcome;
import org.modelgate.learn.UpdateCodec;
import org.modelgate.optimize.train.Dataset;
import org.modelgate.optimize.train.Network;
import org.modelgate.remote.CommandException;

/**
 * The gateway's side of the federated rounds, without OSGi: what the {@code learn} command and {@code mg:learn} call.
 * One training at a time, on one thread of its own (the budget's one CPU); the command answers at once.
 *
 * <p>Actions (the body's {@code action}): {@code status}; {@code round} (announce a round: {@code task},
 * {@code round}, {@code settings}, {@code size}, {@code sha256} of the global weights); {@code weights} (a chunk:
 * {@code task}, {@code round}, {@code offset}, {@code data} base64); {@code fit} ({@code task}, {@code round}: starts
 * the local training, answers {@code "training"}); {@code update} ({@code task}, {@code round}, {@code offset}, {@code wait}
 * ms to wait for the training, at most 20 s: the update's chunk with its {@code size} and {@code sha256}, or the state while it trains).
 *
 * <p>Secure aggregation rounds (the announcement's {@code settings.secureClip} above 0): {@code update} answers the
 * state, samples and accuracy but never the update; the update leaves only masked, through {@code secagg-advertise},
 * {@code secagg-share} ({@code data}: every advert), {@code secagg-input} ({@code data}: the shares for this gateway;
 * {@code offset}: the masked input in chunks) and {@code secagg-unmask} ({@code data}: the unmask request). Each
 * carries the attempt's {@code roundId}; bytes are base64 in {@code data}. See {@link SecureInput}.
 */
public final class LearnClient implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LearnClient.class.getName());

    private final ClientSettings config;
    private final Set<String> tasks;
    private final LocalData data;
    private final String device;
    private final Map<String, TaskRound> rounds = new ConcurrentHashMap<>();
    private final ExecutorService trainer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "modelgate-learn-training");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });

    /**
     * @param config the settings (tasks, folder, budget)
     */
    public LearnClient(ClientSettings config) {
        this.config = config;
        this.tasks = Set.copyOf(config.tasks());
        this.data = new LocalData(config.dataDir());
        this.device = config.device();
    }

    /** Carries out one request of the {@code learn} command. */
    public Object handle(Map<String, Object> body) {
        String action = Fields.text(body, "action");
        return switch (action) {
            case "status" -> status();
            case "round" -> announce(body);
            case "weights" -> weights(body);
            case "fit" -> fit(body);
            case "update" -> update(body);
            case "secagg-advertise" -> secaggAdvertise(body);
            case "secagg-share" -> bytesAnswer(body, secure(body).share(data(body)));
            case "secagg-input" -> secaggInput(body);
            case "secagg-unmask" -> bytesAnswer(body, secure(body).unmask(data(body)));
            default -> throw new CommandException("learn has no action '" + action + "'; the actions are status, round,"
                    + " weights, fit, update, secagg-advertise, secagg-share, secagg-input, secagg-unmask");
        };
    }

    /** Tasks, their local data size and their last round. */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("device", device);
        List<Object> list = new ArrayList<>();
        for (String task : tasks.stream().sorted().toList()) {
            LocalData.Summary s = data.summary(task);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("task", task);
            t.put("files", s.files());
            t.put("rows", s.rows());
            t.put("problem", s.problem().isEmpty() ? null : s.problem());
            TaskRound r = rounds.get(task);
            t.put("last_round", r == null ? null : r.describe());
            list.add(t);
        }
        status.put("tasks", list);
        return status;
    }

    private Map<String, Object> announce(Map<String, Object> body) {
        String task = task(body);
        long round = Fields.whole(body, "round");
        long size = Fields.whole(body, "size");
        String sha256 = Fields.text(body, "sha256");
        RoundSettings settings = RoundSettings.read(Fields.object(body, "settings"), config);
        if (size != 4L * settings.parameterCount()) {
            throw new CommandException("the global weights are announced with " + size + " bytes; a network of layers "
                    + settings.layerList() + " has " + settings.parameterCount() + " parameters (" + 4L
                    * settings.parameterCount() + " bytes)");
        }
        if (size > config.maxModelBytes()) {
            throw new CommandException("the global model has " + size + " bytes, more than this gateway's maxModelBytes "
                    + config.maxModelBytes());
        }
        LocalData.Summary local = data.summary(task);
        if (local.rows() == 0) {
            throw new CommandException("task '" + task + "' has no local data on this gateway: "
                    + (local.problem().isEmpty() ? "no rows in " + data.folder(task) + "/*.csv" : local.problem()));
        }
        TaskRound current = rounds.compute(task, (t, old) -> old != null && old.sameAs(round, (int) size, sha256, settings.secure())
                ? old : new TaskRound(task, round, settings, (int) size, sha256));
        Map<String, Object> answer = current.describe();
        answer.put("local_rows", local.rows());
        return answer;
    }

    private Map<String, Object> weights(Map<String, Object> body) {
        TaskRound r = current(body);
        byte[] chunk;
        try {
            chunk = Base64.getDecoder().decode(Fields.text(body, "data"));
        } catch (IllegalArgumentException e) {
            throw new CommandException("weights \"data\" is not base64: " + e.getMessage());
        }
        int received = r.weights(Fields.whole(body, "offset"), chunk);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("task", r.task);
        answer.put("round", r.round);
        answer.put("received", received);
        answer.put("size", r.size);
        answer.put("complete", received == r.size);
        return answer;
    }

    private Map<String, Object> fit(Map<String, Object> body) {
        TaskRound r = current(body);
        if (r.startTraining()) {
            trainer.execute(() -> train(r));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("task", r.task);
        answer.put("round", r.round);
        answer.put("state", r.stateName());
        return answer;
    }

    private Map<String, Object> update(Map<String, Object> body) {
        TaskRound r = current(body);
        int max = Math.max(1, Math.min(config.chunkBytes(), Fields.integer(body, "length", config.chunkBytes())));
        // A long poll: the answer comes when the training ends or after "wait" ms (at most 20 s), so the controller
        // asks a few times a minute, not many (each request is an id in the answer log and an audit entry).
        long wait = Math.min(20_000, Fields.integer(body, "wait", 0));
        try {
            r.awaitTrained(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return r.updateChunk(Fields.whole(body, "offset"), max);
    }

    /**
     * {@code secagg-advertise} ({@code task}, {@code round}, {@code roundId}, {@code clientId}, {@code clients},
     * {@code threshold}, {@code modulusBits}): new keys for this attempt; answers the advert ({@code data}, base64).
     * The protocol's client id is the one the aggregator knows this gateway by (its fleet device id; the learn
     * client's own {@code device} setting may differ), else the {@code device} setting.
     */
    private Map<String, Object> secaggAdvertise(Map<String, Object> body) {
        TaskRound r = current(body);
        String roundId = Fields.text(body, "roundId");
        String clientId = body.get("clientId") instanceof String id && !id.isBlank() ? id : device;
        int clients = Fields.integer(body, "clients", 0);
        int threshold = Fields.integer(body, "threshold", 0);
        int bits = Fields.integer(body, "modulusBits", 32);
        SecureInput s = r.secure(roundId, () -> new SecureInput(clientId, roundId, r.settings.parameterCount(), clients,
                threshold, bits, r.settings.secureClip()));
        return bytesAnswer(body, s.advertise());
    }

    /**
     * {@code secagg-input} ({@code roundId}, {@code data}: the shares for this gateway, at offset 0; {@code offset}):
     * masks the trained update once, answers the masked input's chunk at {@code offset}.
     */
    private Map<String, Object> secaggInput(Map<String, Object> body) {
        TaskRound r = current(body);
        SecureInput s = secure(body);
        if (!s.masked()) {
            s.mask(r.trainedDelta(), data(body));
        }
        int max = Math.max(1, Math.min(config.chunkBytes(), Fields.integer(body, "length", config.chunkBytes())));
        Map<String, Object> answer = s.chunk(Fields.whole(body, "offset"), max);
        answer.put("task", r.task);
        answer.put("round", r.round);
        return answer;
    }

    private SecureInput secure(Map<String, Object> body) {
        return current(body).secure(Fields.text(body, "roundId"), null);
    }

    private static byte[] data(Map<String, Object> body) {
        try {
            return Base64.getDecoder().decode(Fields.text(body, "data"));
        } catch (IllegalArgumentException e) {
            throw new CommandException("\"data\" is not base64: " + e.getMessage());
        }
    }

    private Map<String, Object> bytesAnswer(Map<String, Object> body, byte[] bytes) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("task", Fields.text(body, "task"));
        answer.put("round", Fields.whole(body, "round"));
        answer.put("roundId", Fields.text(body, "roundId"));
        answer.put("data", Base64.getEncoder().encodeToString(bytes));
        return answer;
    }

    private void train(TaskRound r) {
        long start = System.nanoTime();
        try {
            RoundSettings s = r.settings;
            float[] globalParameters = r.global();
            Network global = s.network(globalParameters);
            Dataset local = data.read(r.task, s.features(), s.classes());
            double before = local.accuracyOf(global.predict(local.rows()));
            TrainingOutcome outcome = LocalTraining.run(device, r.round, global, local, s.budget(), s.proximalMu(),
                    s.seed() ^ r.round);
            ClientUpdate update = outcome.update();
            float[] delta = update.delta();
            Network trained = global.copy();
            trained.setParameters(plus(globalParameters, delta));
            double after = local.accuracyOf(trained.predict(local.rows()));
            double loss = crossEntropy(trained, local);
            if (s.privacy().enabled()) {
                // Noise must be unpredictable to whoever sees the update: never the round's seed.
                delta = ClientPrivacy.clipAndNoise(delta, s.privacy(), s.clientsPerRound(), new SecureRandom());
            }
            r.trained(UpdateCodec.encode(delta), update.samples(), loss, before, after,
                    (System.nanoTime() - start) / 1e9, outcome.epochsRun());
            LOG.log(Level.INFO, "learn: task {0} round {1} trained on {2} rows, loss {3}",
                    new Object[] {r.task, r.round, update.samples(), loss});
        } catch (RuntimeException e) {
            String why = e instanceof CommandException ? e.getMessage() : "local training failed: " + e;
            r.failed(why);
            LOG.log(Level.WARNING, "learn: task " + r.task + " round " + r.round + ": " + why, e);
        }
    }

    static float[] plus(float[] a, float[] b) {
        float[] sum = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }

    static double crossEntropy(Network network, Dataset data) {
        float[][] p = network.probabilities(data.rows());
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum -= Math.log(Math.max(1e-12, p[i][data.labels()[i]]));
        }
        return sum / p.length;
    }

    private String task(Map<String, Object> body) {
        String task = Fields.text(body, "task");
        if (!tasks.contains(task)) {
            throw new CommandException("task '" + task + "' is not enabled on this gateway (enabled: " + tasks.stream()
                    .sorted().toList() + "; PID org.modelgate.learn.client, property tasks)");
        }
        return task;
    }

    private TaskRound current(Map<String, Object> body) {
        String task = task(body);
        long round = Fields.whole(body, "round");
        TaskRound r = rounds.get(task);
        if (r == null || r.round != round) {
            throw new CommandException("task '" + task + "' round " + round + " was not announced on this gateway"
                    + (r == null ? "" : " (its current round is " + r.round + ")") + "; send action round first");
        }
        return r;
    }

    /** The last round of each task, for the console. */
    public Map<String, TaskRound> rounds() {
        return Map.copyOf(rounds);
    }

    @Override
    public void close() {
        trainer.shutdownNow();
        try {
            trainer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
