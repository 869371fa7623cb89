package org.modelgate.fleet;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The fleet controller: the device registry and the rollouts. Implemented by the bundle {@code org.modelgate.fleet};
 * every method is thread safe. Errors a caller can act on are {@link FleetException}s naming the rollout, the state
 * or the key at fault.
 *
 * <pre>
 * Rollout r = fleet.create(plan, "ops-a");           // DRAFT, or AWAITING_APPROVAL for a production plan
 * fleet.approve(r.id(), "ops-b", signature);          // production only: a second controller key
 * fleet.start(r.id(), "release 1.1");                 // RUNNING, stage by stage
 * fleet.rollout(r.id()).orElseThrow().state();        // COMPLETED or ABORTED in the end
 * </pre>
 */
@ProviderType
public interface FleetController {

    /**
     * Lists the devices of the registry that match a query, sorted by id.
     *
     * @param query the filter; {@link DeviceQuery#all()} for every device
     * @return the matching devices
     */
    List<Device> devices(DeviceQuery query);

    /**
     * Returns one device of the registry.
     *
     * @param id the device's topic level
     * @return the device, empty when the controller has never seen it
     */
    Optional<Device> device(String id);

    /**
     * Creates a rollout from a plan: reads the package's model.json (name, version, {@code requires}), selects the
     * target devices that fit (those that do not are listed in {@link Rollout#skipped()} with the reason), and
     * persists it. A production plan starts in {@link RolloutState#AWAITING_APPROVAL}, any other in
     * {@link RolloutState#DRAFT}.
     *
     * @param plan the plan
     * @param creatorKeyId the id of the controller key of whoever creates it (a production rollout must be approved
     *        by another key)
     * @return the new rollout
     * @throws FleetException when the package cannot be read, its hash differs from the plan's, or the plan is invalid
     */
    Rollout create(RolloutPlan plan, String creatorKeyId);

    /**
     * Approves a production rollout with a second controller key. The key must be a valid controller key of the
     * trust store, other than the creator's, and the signature must verify over
     * {@link RolloutApproval#statement(Rollout)}. Recorded in the audit log when one is present.
     *
     * @param rolloutId the rollout
     * @param approverKeyId the approving key's id (file name in the trust store's controller folder) or hint
     * @param signature the signature made by {@link RolloutApproval#sign(Rollout, java.security.PrivateKey)}
     * @return the rollout, now {@link RolloutState#DRAFT} (approved, ready to start)
     * @throws FleetException when the rollout is not awaiting approval, the key is the creator's, unknown or
     *         revoked, or the signature does not verify
     */
    Rollout approve(String rolloutId, String approverKeyId, byte[] signature);

    /**
     * Starts a rollout that is {@link RolloutState#DRAFT}; an unapproved production rollout is refused.
     *
     * @param rolloutId the rollout
     * @param reason why (recorded)
     * @return the rollout, now {@link RolloutState#RUNNING}
     * @throws FleetException when the rollout is unknown, not a draft, or awaits approval
     */
    Rollout start(String rolloutId, String reason);

    /**
     * Pauses a running rollout: commands in flight finish, no device is started, gates are not judged.
     *
     * @param rolloutId the rollout
     * @param reason why (recorded)
     * @return the rollout, now {@link RolloutState#PAUSED}
     * @throws FleetException when the rollout is unknown or not running
     */
    Rollout pause(String rolloutId, String reason);

    /**
     * Resumes a paused rollout.
     *
     * @param rolloutId the rollout
     * @param reason why (recorded)
     * @return the rollout, now {@link RolloutState#RUNNING}
     * @throws FleetException when the rollout is unknown or not paused
     */
    Rollout resume(String rolloutId, String reason);

    /**
     * Aborts a rollout: no further device is updated and the devices already updated are rolled back.
     *
     * @param rolloutId the rollout
     * @param reason why (recorded as the rollout's reason)
     * @return the rollout, now {@link RolloutState#ABORTED}
     * @throws FleetException when the rollout is unknown or already ended
     */
    Rollout abort(String rolloutId, String reason);

    /**
     * Returns one rollout.
     *
     * @param rolloutId the rollout
     * @return the rollout, empty when unknown
     */
    Optional<Rollout> rollout(String rolloutId);

    /**
     * Lists every rollout, oldest first.
     *
     * @return the rollouts
     */
    List<Rollout> rollouts();

    /**
     * Says how the controller stands: its broker connection, its fleet, how many devices it knows.
     *
     * @return the status
     */
    ControllerStatus status();
}
