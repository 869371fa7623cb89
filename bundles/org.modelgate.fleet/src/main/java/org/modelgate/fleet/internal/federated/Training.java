package org.modelgate.fleet.internal.federated;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modelgate.learn.UpdateCodec;

/**
 * A federated training's state, persisted as one snapshot after every step: the plan, the global weights, the
 * rounds done and the round in progress (its devices and deadline, so that a restarted aggregator runs it again with
 * the same command ids and the gateways answer from their replay caches, nothing trained twice).
 */
public final class Training {
    /** Where a training is. */
    public enum State { RUNNING, COMPLETED, FAILED, STOPPED }

    final String id;
    final FederatedPlan plan;
    final Instant created;
    State state = State.RUNNING;
    String reason = "";
    float[] global;
    final List<RoundResult> rounds = new ArrayList<>();

    Training(String id, FederatedPlan plan, Instant created, float[] global) {
        this.id = id;
        this.plan = plan;
        this.created = created;
        this.global = global;
    }

    public String id() {
        return id;
    }

    public FederatedPlan plan() {
        return plan;
    }

    public synchronized State state() {
        return state;
    }

    public synchronized String reason() {
        return reason;
    }

    public synchronized float[] global() {
        return global.clone();
    }

    public synchronized List<RoundResult> rounds() {
        return List.copyOf(rounds);
    }

    /** The round in progress, or null. */
    synchronized RoundResult current() {
        if (rounds.isEmpty()) {
            return null;
        }
        RoundResult last = rounds.get(rounds.size() - 1);
        return last.ended == null ? last : null;
    }

    /** Rounds that ended (aggregated or failed). */
    synchronized int roundsEnded() {
        return (int) rounds.stream().filter(r -> r.ended != null).count();
    }

    /** Rounds whose updates were aggregated. */
    synchronized int roundsAggregated() {
        return (int) rounds.stream().filter(r -> r.outcome.equals("aggregated")).count();
    }

    synchronized Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("plan", PlanCodec.write(plan));
        m.put("created", created.toString());
        m.put("state", state.name());
        m.put("reason", reason);
        m.put("global", Base64.getEncoder().encodeToString(UpdateCodec.encode(global)));
        m.put("rounds", rounds.stream().map(RoundResult::toJson).toList());
        return m;
    }

    @SuppressWarnings("unchecked")
    static Training fromJson(Map<String, Object> m) {
        FederatedPlan plan = PlanCodec.read((Map<String, Object>) m.get("plan"));
        float[] global = UpdateCodec.decode(Base64.getDecoder().decode((String) m.get("global")), plan.parameterCount());
        Training t = new Training((String) m.get("id"), plan, Instant.parse((String) m.get("created")), global);
        t.state = State.valueOf((String) m.get("state"));
        t.reason = (String) m.get("reason");
        for (Object r : (List<Object>) m.get("rounds")) {
            t.rounds.add(RoundResult.fromJson((Map<String, Object>) r));
        }
        return t;
    }
}
