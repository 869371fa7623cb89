package org.modelgate.fleet.internal.federated;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.modelgate.fleet.FleetException;
import org.modelgate.learn.Aggregation;
import org.modelgate.learn.ClientUpdate;
import org.modelgate.learn.PrivacyAccountant;
import org.modelgate.learn.UpdateValidator;
import org.modelgate.optimize.train.Dataset;

/**
 * The aggregator of the controller role: runs federated trainings round by round over the fleet link.
 *
 * <pre>
 * Aggregator aggregator = new Aggregator(fleetEngine.deviceCalls(), stateDir, Clock.systemUTC());
 * aggregator.start();                               // resumes the trainings that were running
 * Training t = aggregator.begin(FederatedPlan.of("digits", 64, 32, 10).withRounds(2, 1.0, 2, 2, Duration.ofMinutes(2)));
 * </pre>
 *
 * <p>Per round: wait until {@code minAvailable} devices of the target are online (at most the round timeout),
 * select {@code max(minFit, ceil(fraction x available))} of them (a shuffle seeded by the plan's seed and the round),
 * persist the selection and the deadline, then run every selected device's part in parallel ({@link DeviceRound});
 * each update is checked ({@link UpdateValidator}: length, finite values, norm bound) and refused with the reason, or
 * accepted. With {@code minFit} accepted updates by the deadline the rule combines them and the global model moves;
 * else the round fails and the model stays. Privacy spent ({@link PrivacyAccountant}) and accuracy (held-out set,
 * and the devices' own) are recorded per round. The snapshot is written after each of these steps.
 */
public final class Aggregator implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Aggregator.class.getName());
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final Duration RESUME_GRACE = Duration.ofSeconds(60);

    private final DeviceCalls calls;
    private final Clock clock;
    private final TrainingStore store;
    private final Map<String, Training> trainings = new LinkedHashMap<>();
    private final ExecutorService runners = Executors.newCachedThreadPool(r -> daemon(r, "modelgate-federated-round"));
    private final ExecutorService devices = Executors.newFixedThreadPool(16, r -> daemon(r, "modelgate-federated-device"));
    private volatile boolean closed;

    public Aggregator(DeviceCalls calls, java.nio.file.Path stateDir, Clock clock) {
        this.calls = calls;
        this.clock = clock;
        this.store = new TrainingStore(stateDir);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Loads the persisted trainings and resumes those that were running (their current round again). */
    public void start() {
        List<Training> loaded;
        try {
            loaded = store.load();
        } catch (IOException e) {
            throw new FleetException("the federated state folder " + store.folder() + " cannot be read: " + e, e);
        }
        for (Training t : loaded) {
            synchronized (trainings) {
                trainings.put(t.id, t);
            }
            if (t.state() == Training.State.RUNNING) {
                LOG.log(Level.INFO, "federated: resuming {0} at round {1}", new Object[] {t.id, t.rounds.size()});
                runners.execute(() -> run(t));
            }
        }
    }

    /** Starts a training; its rounds run in the background. */
    public Training begin(FederatedPlan plan) {
        if (plan.evaluation() != null) {
            GlobalModel.read(plan.evaluation(), plan.layers()[0], plan.layers()[plan.layers().length - 1]); // fail early
        }
        String id = "fl-" + ID_TIME.format(clock.instant()) + "-"
                + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        Training t = new Training(id, plan, clock.instant(), GlobalModel.initial(plan));
        synchronized (trainings) {
            trainings.put(id, t);
        }
        persist(t);
        runners.execute(() -> run(t));
        return t;
    }

    /** Stops a running training after the step in progress; its state stays. */
    public Training stop(String id, String reason) {
        Training t = training(id).orElseThrow(() -> new FleetException("no training '" + id + "' (mg:federated lists them)"));
        synchronized (t) {
            if (t.state != Training.State.RUNNING) {
                throw new FleetException("training " + id + " is " + t.state + ", not running");
            }
            t.state = Training.State.STOPPED;
            t.reason = reason == null ? "" : reason;
        }
        persist(t);
        return t;
    }

    public Optional<Training> training(String id) {
        synchronized (trainings) {
            return Optional.ofNullable(trainings.get(id));
        }
    }

    public List<Training> trainings() {
        synchronized (trainings) {
            return new ArrayList<>(trainings.values());
        }
    }

    private void run(Training t) {
        try {
            while (!closed && t.state() == Training.State.RUNNING && t.roundsEnded() < t.plan.rounds()) {
                round(t);
            }
            synchronized (t) {
                if (!closed && t.state == Training.State.RUNNING) {
                    t.state = Training.State.COMPLETED;
                    t.reason = t.roundsAggregated() + " of " + t.plan.rounds() + " rounds aggregated";
                }
            }
            persist(t);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (closed) {
                return;
            }
            LOG.log(Level.SEVERE, "federated: training " + t.id + " failed", e);
            synchronized (t) {
                t.state = Training.State.FAILED;
                t.reason = e.getMessage();
            }
            persist(t);
        }
    }

    private void round(Training t) throws InterruptedException {
        FederatedPlan plan = t.plan;
        RoundResult current = t.current();
        if (current == null) {
            current = select(t);
            if (current == null) {
                return;
            }
        } else {
            synchronized (t) {
                current.devices.clear(); // run again: the gateways answer the same ids from their replay caches
                Instant grace = clock.instant().plus(RESUME_GRACE.compareTo(plan.roundTimeout()) < 0 ? RESUME_GRACE
                        : plan.roundTimeout());
                if (current.deadline.isBefore(grace)) {
                    current.deadline = grace;
                }
            }
        }
        RoundResult round = current;
        float[] global = t.global();
        DeviceRound part = new DeviceRound(calls, clock, t.id, plan, round.round, global, round.selected.size());
        if (plan.secure()) {
            secureRound(t, round, part);
            return;
        }
        ExecutorCompletionService<DeviceRound.Outcome> done = new ExecutorCompletionService<>(devices);
        List<Future<DeviceRound.Outcome>> futures = new ArrayList<>();
        for (String device : round.selected) {
            futures.add(done.submit(() -> part.run(device, round.deadline, () -> closed
                    || t.state() != Training.State.RUNNING)));
        }
        UpdateValidator validator = new UpdateValidator(plan.parameterCount(),
                plan.maxNorm() > 0 ? plan.maxNorm() : Double.POSITIVE_INFINITY);
        List<ClientUpdate> accepted = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            DeviceRound.Outcome o;
            try {
                o = done.take().get();
            } catch (ExecutionException e) {
                LOG.log(Level.WARNING, "federated: a device's part failed", e.getCause());
                continue; // cannot happen: DeviceRound.run answers every problem as an outcome
            }
            String device = o.device();
            RoundResult.DeviceResult result;
            if (o.update() == null) {
                result = new RoundResult.DeviceResult(device, false, 0, o.problem(), Double.NaN, Double.NaN, 0);
            } else {
                Optional<String> problem = validator.problem(o.update());
                if (problem.isPresent()) {
                    result = new RoundResult.DeviceResult(device, false, o.update().samples(),
                            "update refused: " + problem.get(), o.deviceAccuracy(), o.loss(), o.bytes());
                } else {
                    accepted.add(o.update());
                    result = new RoundResult.DeviceResult(device, true, o.update().samples(), "", o.deviceAccuracy(),
                            o.loss(), o.bytes());
                }
            }
            synchronized (t) {
                round.devices.add(result);
            }
            LOG.log(Level.INFO, "federated: {0} round {1}: {2} {3}", new Object[] {t.id, round.round, device,
                    result.accepted() ? "accepted (" + result.samples() + " samples)" : result.reason()});
            persist(t);
        }
        if (closed || t.state() != Training.State.RUNNING) {
            return; // the round stays open; a restarted aggregator runs it again
        }
        finish(t, round, accepted.size(), accepted.size() < plan.minFit() ? null
                : Aggregation.of(plan.rule(), plan.trimFraction()).combine(accepted), "");
    }

    /**
     * A secure round: the devices' updates are never seen one by one (no {@link ClientUpdate} exists here, nothing
     * per device is validated or stored but its samples and accuracy); the sum of the survivors' masked updates is
     * unmasked and its mean moves the model. A resumed round runs its secure part again as a new attempt.
     */
    private void secureRound(Training t, RoundResult round, DeviceRound part) throws InterruptedException {
        SecureRound secure = new SecureRound(calls, devices, clock, t.id, t.plan, round.round, part,
                round.selected.size());
        LOG.log(Level.INFO, "federated: {0} round {1}: secure aggregation attempt {2}", new Object[] {t.id,
                round.round, secure.roundId()});
        SecureRound.Result result = secure.run(round.selected, round.deadline, () -> closed
                || t.state() != Training.State.RUNNING);
        if (closed || t.state() != Training.State.RUNNING) {
            return; // the round stays open; a restarted aggregator runs it again (a new secure attempt)
        }
        synchronized (t) {
            round.devices.addAll(result.devices());
        }
        persist(t);
        int survivors = (int) result.devices().stream().filter(RoundResult.DeviceResult::accepted).count();
        finish(t, round, survivors, result.mean(), result.problem());
    }

    private RoundResult select(Training t) throws InterruptedException {
        FederatedPlan plan = t.plan;
        Instant waitUntil = clock.instant().plus(plan.roundTimeout());
        List<String> online = calls.online(plan.target());
        while (online.size() < plan.minAvailable()) {
            if (!clock.instant().isBefore(waitUntil) || closed || t.state() != Training.State.RUNNING) {
                if (!closed && t.state() == Training.State.RUNNING) {
                    synchronized (t) {
                        t.state = Training.State.FAILED;
                        t.reason = "only " + online.size() + " device(s) of target '" + plan.target() + "' online "
                                + online + " within " + plan.roundTimeout().toSeconds() + " s; the plan needs minAvailable "
                                + plan.minAvailable();
                    }
                    persist(t);
                }
                return null;
            }
            Thread.sleep(500);
            online = calls.online(plan.target());
        }
        long number = t.rounds.size() + 1L;
        List<String> shuffled = new ArrayList<>(online);
        Collections.shuffle(shuffled, new Random(plan.seed() * 31 + number));
        int count = Math.min(shuffled.size(), Math.max(plan.minFit(), (int) Math.ceil(plan.fraction() * online.size())));
        List<String> selected = new ArrayList<>(shuffled.subList(0, count));
        Collections.sort(selected);
        Instant now = clock.instant();
        RoundResult round = new RoundResult(number, now, now.plus(plan.roundTimeout()), selected, online.size());
        synchronized (t) {
            t.rounds.add(round);
        }
        persist(t);
        return round;
    }

    private void finish(Training t, RoundResult round, int accepted, float[] delta, String problem) {
        FederatedPlan plan = t.plan;
        synchronized (t) {
            if (delta == null && !problem.isEmpty()) {
                round.outcome = "failed: " + problem;
            } else if (accepted < plan.minFit()) {
                round.outcome = "failed: " + accepted + " update(s) accepted, the plan needs minFit "
                        + plan.minFit();
            } else {
                float[] next = new float[t.global.length];
                for (int i = 0; i < next.length; i++) {
                    next[i] = t.global[i] + delta[i];
                }
                t.global = next;
                round.outcome = "aggregated";
                double weighted = 0;
                int samples = 0;
                for (RoundResult.DeviceResult d : round.devices) {
                    if (d.accepted() && Double.isFinite(d.deviceAccuracy())) {
                        weighted += d.deviceAccuracy() * d.samples();
                        samples += d.samples();
                    }
                }
                round.deviceAccuracy = samples > 0 ? weighted / samples : Double.NaN;
                if (plan.evaluation() != null) {
                    Dataset heldOut = GlobalModel.read(plan.evaluation(), plan.layers()[0],
                            plan.layers()[plan.layers().length - 1]);
                    round.accuracy = GlobalModel.accuracy(plan, next, heldOut);
                }
            }
            if (plan.privacy()) {
                PrivacyAccountant accountant = new PrivacyAccountant(plan.noiseMultiplier(), plan.fraction(), plan.delta());
                accountant.recordRounds(t.roundsAggregated());
                round.epsilon = accountant.epsilon();
            }
            round.ended = clock.instant();
        }
        persist(t);
        LOG.log(Level.INFO, "federated: {0} round {1} {2}, accuracy {3}", new Object[] {t.id, round.round,
                round.outcome, round.accuracy});
    }

    private void persist(Training t) {
        try {
            store.save(t);
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "federated: cannot persist training " + t.id + " in " + store.folder() + ": " + e);
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits for the round threads to stop; the trainings stay on disk as they are. */
    @Override
    public void close() {
        closed = true;
        runners.shutdownNow();
        devices.shutdownNow();
        try {
            runners.awaitTermination(10, TimeUnit.SECONDS);
            devices.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
