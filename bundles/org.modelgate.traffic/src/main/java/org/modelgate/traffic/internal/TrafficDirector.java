package org.modelgate.traffic.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.modelgate.api.ChallengerInfo;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.TrafficSplit;
import org.modelgate.api.VersionRefusedException;
import org.modelgate.spi.InferenceRecord;
import org.modelgate.traffic.Guard;
import org.modelgate.traffic.GuardReading;
import org.modelgate.traffic.TrafficPolicy;
import org.modelgate.traffic.TrafficStatus;

/**
 * The traffic manager's work, without the framework: starts a policy through the registry (the challenger and its
 * split), feeds the inference records to the running policy of their model, judges every running policy (the
 * component calls {@link #evaluateAll()} every second or so) and ends it through the registry: any guard failing with
 * its samples rolls back at once; every guard passing promotes; at the time limit the challenger is promoted when every
 * guard passes (or there are none), else rolled back for want of evidence. One policy per model; the last ended one
 * of each model is kept for {@code status}.
 */
final class TrafficDirector {
    private static final System.Logger LOG = System.getLogger(TrafficDirector.class.getName());

    private final ModelRegistry registry;
    private final Supplier<ChallengerHealth> health;
    private final TrafficNotices notices;
    private final Clock clock;
    private final int samples;
    private final Map<String, PolicyRun> running = new ConcurrentHashMap<>();
    private final Map<String, PolicyRun> ended = new ConcurrentHashMap<>();

    TrafficDirector(ModelRegistry registry, Supplier<ChallengerHealth> health, TrafficNotices notices, Clock clock,
            int samples) {
        this.registry = registry;
        this.health = health;
        this.notices = notices;
        this.clock = clock;
        this.samples = samples;
    }

    TrafficStatus start(String model, TrafficPolicy policy) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("a traffic policy needs the model's name");
        }
        for (Guard guard : policy.guards()) {
            if (guard.metric() == Guard.Metric.AGREEMENT && policy.mode() != TrafficPolicy.Mode.SHADOW) {
                throw new IllegalArgumentException("guard agreement compares the challenger's answers with the champion's "
                        + "on the same requests, which only shadow mode gives: use \"mode\": \"shadow\" or drop the guard");
            }
        }
        synchronized (this) {
            PolicyRun current = running.get(model);
            if (current != null) {
                throw new IllegalStateException("a traffic policy runs for model '" + model + "' already (challenger "
                        + current.challenger + "); promote or roll it back first");
            }
            ChallengerInfo challenger;
            try {
                challenger = registry.startChallenger(model, policy.challenger(),
                        new TrafficSplit(policy.mode() == TrafficPolicy.Mode.SHADOW, policy.percent(), policy.sticky()));
            } catch (VersionRefusedException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            PolicyRun run = new PolicyRun(model, challenger.champion(), challenger.version(), policy, clock.instant(),
                    samples);
            running.put(model, run);
            TrafficStatus status = run.status(List.of());
            notices.started(status);
            return status;
        }
    }

    void accept(InferenceRecord record) {
        PolicyRun run = running.get(record.model());
        if (run != null) {
            run.accept(record);
        }
    }

    Optional<TrafficStatus> status(String model) {
        PolicyRun run = running.get(model);
        if (run == null) {
            run = ended.get(model);
        }
        return Optional.ofNullable(run).map(this::statusOf);
    }

    List<TrafficStatus> policies() {
        Map<String, PolicyRun> all = new TreeMap<>(ended);
        all.putAll(running);
        List<TrafficStatus> statuses = new ArrayList<>();
        all.values().forEach(run -> statuses.add(statusOf(run)));
        return statuses;
    }

    TrafficStatus promote(String model, String reason) {
        return operatorEnds(model, true, reason);
    }

    TrafficStatus rollback(String model, String reason) {
        return operatorEnds(model, false, reason);
    }

    private TrafficStatus operatorEnds(String model, boolean promote, String reason) {
        PolicyRun run = running.get(model);
        if (run == null) {
            if (!ended.containsKey(model) && registry.model(model).isEmpty()) {
                throw new ModelNotFoundException("no model '" + model + "' is in the repository");
            }
            throw new IllegalStateException("no traffic policy runs for model '" + model + "'");
        }
        List<GuardJudge.Judged> judged = GuardJudge.judge(run, health.get());
        String why = (reason == null || reason.isBlank() ? "by the operator" : "by the operator: " + reason)
                + "; evidence: " + GuardJudge.evidence(judged);
        end(run, promote, why, GuardJudge.readings(judged));
        return statusOf(run);
    }

    /** Judges every running policy once; ends those whose guards or time limit decide. */
    void evaluateAll() {
        for (PolicyRun run : List.copyOf(running.values())) {
            try {
                evaluate(run);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "judging the traffic policy of " + run.model + " failed: "
                        + e.getMessage() + "; it is judged again at the next evaluation", e);
            }
        }
    }

    private void evaluate(PolicyRun run) {
        Optional<ChallengerInfo> present = registry.challenger(run.model);
        List<GuardJudge.Judged> judged = GuardJudge.judge(run, health.get());
        if (present.isEmpty() || !present.get().version().equals(run.challenger)) {
            finish(run, TrafficStatus.State.ROLLED_BACK, "the challenger left the gateway's traffic without this policy "
                    + "(the model was unloaded or its backend went away); evidence: " + GuardJudge.evidence(judged),
                    GuardJudge.readings(judged));
            return;
        }
        String evidence = GuardJudge.evidence(judged);
        Optional<GuardJudge.Judged> failed = judged.stream()
                .filter(j -> j.reading().verdict() == GuardReading.Verdict.FAIL).findFirst();
        boolean allPass = judged.stream().allMatch(j -> j.reading().verdict() == GuardReading.Verdict.PASS);
        if (failed.isPresent()) {
            end(run, false, "guard " + failed.get().reading().guard().metric().jsonName() + " failed; evidence: "
                    + evidence, GuardJudge.readings(judged));
        } else if (allPass && !judged.isEmpty()) {
            end(run, true, "every guard passed; evidence: " + evidence, GuardJudge.readings(judged));
        } else if (!clock.instant().isBefore(run.started.plus(run.policy.timeLimit()))) {
            String limit = "time limit of " + run.policy.timeLimit().toSeconds() + " s reached";
            if (allPass) {
                end(run, true, limit + " and every guard passed; evidence: " + evidence, GuardJudge.readings(judged));
            } else {
                end(run, false, limit + " with not enough evidence; evidence: " + evidence, GuardJudge.readings(judged));
            }
        }
    }

    /** Ends a running policy through the registry; once only, whoever asks first (the evaluation or an operator). */
    private void end(PolicyRun run, boolean promote, String reason, List<GuardReading> readings) {
        synchronized (run) {
            if (run.state() != TrafficStatus.State.RUNNING) {
                throw new IllegalStateException("the traffic policy of model '" + run.model + "' ended already: "
                        + run.state() + ", " + run.reason());
            }
            boolean promoted = promote;
            String why = reason;
            try {
                registry.endChallenger(run.model, promote, reason);
            } catch (VersionRefusedException e) {
                promoted = false; // the challenger is gone already: nothing to promote, the champion serves
                why = reason + " (the challenger had already left: " + e.getMessage() + ")";
            }
            finish(run, promoted ? TrafficStatus.State.PROMOTED : TrafficStatus.State.ROLLED_BACK, why, readings);
        }
    }

    private void finish(PolicyRun run, TrafficStatus.State state, String why, List<GuardReading> readings) {
        run.finish(state, clock.instant(), why, readings);
        running.remove(run.model, run);
        ended.put(run.model, run);
        LOG.log(state == TrafficStatus.State.PROMOTED ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                "traffic policy of " + run.model + ": challenger " + run.challenger + " " + state + ": " + why);
        notices.ended(run.status(readings));
    }

    /** The traffic manager stops: running challengers are rolled back, so nothing is left half. */
    void rollBackAll(String why) {
        for (PolicyRun run : List.copyOf(running.values())) {
            try {
                end(run, false, why, GuardJudge.readings(GuardJudge.judge(run, health.get())));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "rolling back the challenger of " + run.model + " failed: "
                        + e.getMessage() + "; the registry rolls it back at its next start");
            }
        }
    }

    private TrafficStatus statusOf(PolicyRun run) {
        return run.status(run.state() == TrafficStatus.State.RUNNING
                ? GuardJudge.readings(GuardJudge.judge(run, health.get())) : List.of());
    }

    Instant now() {
        return clock.instant();
    }
}
