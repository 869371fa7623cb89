package org.modelgate.fleet.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.modelgate.fleet.AbortCriteria;
import org.modelgate.fleet.DeviceOutcome.Outcome;
import org.modelgate.fleet.RolloutState;
import org.modelgate.fleet.StageStatus.StageState;

/**
 * Moves rollouts through their stages, one step per tick (the caller holds the rollout's monitor): starts the
 * stage's devices (at most {@code parallelDevices} at once over all rollouts), applies the abort criteria as devices
 * finish, judges the quality gates once all of a stage's devices finished, passes or fails the stage; for an aborted
 * rollout, rolls back each device the rollout updated.
 */
final class Stages {
    private static final Logger LOG = Logger.getLogger(Stages.class.getName());

    /** Records an audit entry (actor, action, subject, details). */
    interface Audit {
        void record(String actor, String action, String subject, Map<String, String> details);
    }

    private final Clock clock;
    private final DeviceRegistry registry;
    private final DeviceTasks tasks;
    private final GateJudge judge;
    private final ExecutorService workers;
    private final int parallel;
    private final Audit audit;
    private final java.util.function.Consumer<RolloutRecord> persist;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    Stages(Clock clock, DeviceRegistry registry, DeviceTasks tasks, GateJudge judge, ExecutorService workers, int parallel,
            Audit audit, java.util.function.Consumer<RolloutRecord> persist) {
        this.clock = clock;
        this.registry = registry;
        this.tasks = tasks;
        this.judge = judge;
        this.workers = workers;
        this.parallel = parallel;
        this.audit = audit;
        this.persist = persist;
    }

    /** Cuts the target into stages by the plan's cumulative counts. */
    static void cut(RolloutRecord r, List<String> targets, Instant now) {
        List<Integer> ends = r.plan.stages().cumulativeCounts(targets.size());
        int from = 0;
        for (int end : ends) {
            RolloutRecord.Stage stage = new RolloutRecord.Stage(r.stages.size());
            for (String device : targets.subList(from, end)) {
                stage.slots.add(new RolloutRecord.Slot(device, now));
            }
            r.stages.add(stage);
            from = end;
        }
    }

    /** After a restart: devices that were being updated are started again (same command ids: answered, not rerun). */
    void resumed(RolloutRecord r) {
        for (RolloutRecord.Slot slot : r.slots()) {
            if (slot.outcome == Outcome.DEPLOYING) {
                slot.outcome = Outcome.PENDING;
                slot.reason = "resumed after a controller restart";
            }
        }
    }

    /** Aborts: no device is started any more; the ticker rolls back the updated ones. */
    static void abort(RolloutRecord r, String reason, Instant now) {
        RolloutRecord.Stage stage = r.current();
        if (stage != null && stage.state != StageState.PASSED) {
            stage.state = StageState.FAILED;
            stage.ended = now;
            stage.reason = reason;
        }
        r.state = RolloutState.ABORTED;
        r.reason = reason;
        r.touch(now);
    }

    void stop() {
        stopped = true;
    }

    void advance(RolloutRecord r, Instant now) {
        switch (r.state) {
            case RUNNING -> running(r, now);
            case ABORTED -> rollBack(r, now);
            default -> { }
        }
    }

    private void running(RolloutRecord r, Instant now) {
        if (r.currentStage < 0) {
            r.currentStage = 0;
            startStage(r.stages.get(0), now);
            r.touch(now);
        }
        RolloutRecord.Stage stage = r.current();
        if (stage.state == StageState.DEPLOYING) {
            long updated = stage.count(Outcome.UPDATED);
            long failed = stage.count(Outcome.FAILED) + stage.count(Outcome.TIMED_OUT);
            AbortCriteria criteria = r.plan.abort();
            if (criteria.aborts((int) (updated + failed), (int) failed)) {
                String reason = "stage " + (stage.index + 1) + ": " + failed + " of " + (updated + failed)
                        + " finished devices failed (over " + criteria.failurePercent() + " % once " + criteria.minDevices()
                        + " finished)";
                abortWith(r, reason, now);
                return;
            }
            dispatch(r, stage, now);
            if (stage.count(Outcome.PENDING) == 0 && stage.count(Outcome.DEPLOYING) == 0) {
                if (r.plan.gates().isEmpty()) {
                    pass(r, stage, now);
                } else {
                    stage.state = StageState.GATING;
                    stage.gateStart = now;
                    r.touch(now);
                }
            }
        }
        if (stage.state == StageState.GATING) {
            GateJudge.Verdict verdict = judge.judge(r, stage, now);
            if (!verdict.readings().equals(stage.readings)) {
                stage.readings = verdict.readings();
                r.unpublished = true;
            }
            if (verdict.failure() != null) {
                abortWith(r, "stage " + (stage.index + 1) + ": " + verdict.failure(), now);
            } else if (verdict.passed()) {
                pass(r, stage, now);
            }
        }
    }

    private static void startStage(RolloutRecord.Stage stage, Instant now) {
        stage.state = StageState.DEPLOYING;
        stage.started = now;
    }

    private void pass(RolloutRecord r, RolloutRecord.Stage stage, Instant now) {
        stage.state = StageState.PASSED;
        stage.ended = now;
        r.touch(now);
        if (stage.index == r.stages.size() - 1) {
            r.state = RolloutState.COMPLETED;
            r.reason = "all " + r.stages.size() + " stages passed: " + r.slots().stream()
                    .filter(s -> s.outcome == Outcome.UPDATED).count() + " devices serve " + r.model + " " + r.version;
            audit.record(r.creator, "fleet.rollout.complete", r.id, Map.of("reason", r.reason));
        } else {
            r.currentStage++;
            startStage(r.current(), now);
        }
    }

    private void abortWith(RolloutRecord r, String reason, Instant now) {
        abort(r, reason, now);
        audit.record(r.creator, "fleet.rollout.abort", r.id, Map.of("reason", reason));
        rollBack(r, now);
    }

    private void dispatch(RolloutRecord r, RolloutRecord.Stage stage, Instant now) {
        List<Runnable> starts = new java.util.ArrayList<>();
        for (RolloutRecord.Slot slot : stage.slots) {
            if (inFlight.size() >= parallel || stopped) {
                break;
            }
            if (slot.outcome != Outcome.PENDING) {
                continue;
            }
            String task = r.id + "/" + slot.device;
            if (!inFlight.add(task)) {
                continue;
            }
            if (slot.previous.isEmpty()) {
                slot.previous = registry.device(slot.device).flatMap(d -> d.model(r.model)).map(m -> m.active())
                        .filter(v -> !v.equals(r.version)).orElse("");
            }
            slot.outcome = Outcome.DEPLOYING;
            slot.reason = "";
            slot.at = now;
            r.touch(now);
            starts.add(() -> submit(task, () -> {
                DeviceTasks.Result result;
                try {
                    result = tasks.deploy(r, slot.device, () -> stopped || r.state == RolloutState.ABORTED);
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "fleet controller: deploying to " + slot.device + " failed", e);
                    result = new DeviceTasks.Result(Outcome.FAILED, "controller error: " + e);
                }
                synchronized (r) {
                    slot.outcome = result.outcome();
                    slot.reason = result.reason();
                    slot.at = clock.instant();
                    r.touch(slot.at);
                }
            }));
        }
        if (!starts.isEmpty()) {
            // Persisted as DEPLOYING (with each device's previous version) before any command goes out: after a
            // crash the controller knows which devices may have the new version and must be rolled back on abort.
            persist.accept(r);
            starts.forEach(Runnable::run);
        }
    }

    private void rollBack(RolloutRecord r, Instant now) {
        for (RolloutRecord.Slot slot : r.slots()) {
            boolean updated = slot.outcome == Outcome.UPDATED;
            // A device that never answered may have taken the version: set its previous one again, if it had one.
            boolean unknown = slot.outcome == Outcome.TIMED_OUT && !slot.previous.isEmpty();
            if (!(updated || unknown) || stopped || inFlight.size() >= parallel) {
                continue;
            }
            String task = r.id + "/" + slot.device;
            if (!inFlight.add(task)) {
                continue;
            }
            submit(task, () -> {
                DeviceTasks.Result result;
                try {
                    result = tasks.rollback(r, slot.device, slot.previous);
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "fleet controller: rolling back " + slot.device + " failed", e);
                    result = new DeviceTasks.Result(Outcome.ROLLBACK_FAILED, "controller error: " + e);
                }
                synchronized (r) {
                    slot.outcome = result.outcome();
                    slot.reason = result.reason();
                    slot.at = clock.instant();
                    r.touch(slot.at);
                }
            });
        }
    }

    private void submit(String task, Step step) {
        try {
            workers.execute(() -> {
                try {
                    step.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "fleet controller: device task " + task + " failed", e);
                } finally {
                    inFlight.remove(task);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(task);
        }
    }

    /** A device step. */
    private interface Step {
        void run() throws InterruptedException;
    }
}
