package org.modelgate.traffic;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Starts, watches and ends traffic policies, one per model at a time.
 *
 * <pre>
 * &#64;Reference TrafficManager traffic;
 *
 * TrafficStatus status = traffic.start("iris", new TrafficPolicy("1.1.0", TrafficPolicy.Mode.SPLIT, 10, true,
 *         List.of(new Guard(Guard.Metric.ERROR_RATE, 0.01, 200), new Guard(Guard.Metric.P95_LATENCY, 1.2, 200)),
 *         Duration.ofMinutes(30)));
 * // later: status.state() is PROMOTED or ROLLED_BACK, with the guards' readings as evidence
 * </pre>
 */
@ProviderType
public interface TrafficManager {
    /**
     * Starts a policy: loads the challenger beside the serving version (through its trial: golden samples must
     * pass), then routes the policy's share of requests to it, or a copy of every request in shadow mode.
     *
     * @param model the model
     * @param policy the challenger, the split and the guards
     * @return the policy's status, RUNNING
     * @throws org.modelgate.api.ModelNotFoundException when the model or the challenger version is not in the
     *     repository
     * @throws org.modelgate.api.ModelLoadException when the challenger cannot be loaded; nothing changed
     * @throws IllegalStateException when the model is not serving, or a policy runs for it already
     */
    TrafficStatus start(String model, TrafficPolicy policy);

    /**
     * The policy of a model: the running one, else the last one that ended.
     *
     * @param model the model
     * @return its status with the guards' current readings, or empty when it never had one
     */
    Optional<TrafficStatus> status(String model);

    /**
     * Every model's policy: running ones and the last ended one of each model.
     *
     * @return the statuses, by model name
     */
    List<TrafficStatus> policies();

    /**
     * Ends a running policy by promoting the challenger now: it is committed through the registry and takes all
     * traffic; the champion drains and closes.
     *
     * @param model the model
     * @param reason why, for history and audit
     * @return the status, PROMOTED
     * @throws IllegalStateException when no policy runs for the model
     */
    TrafficStatus promote(String model, String reason);

    /**
     * Ends a running policy by rolling the challenger back now: the champion takes all traffic again and the
     * challenger drains and closes.
     *
     * @param model the model
     * @param reason why, for history and audit
     * @return the status, ROLLED_BACK
     * @throws IllegalStateException when no policy runs for the model
     */
    TrafficStatus rollback(String model, String reason);
}
