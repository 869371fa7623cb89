package org.modelgate.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The models on this gateway: what is in the model repository, what is loaded, which version is active.
 *
 * <p>Loading and activating block until the model is ready or has failed. Activation is a trial: the
 * new version is loaded, must reproduce its golden samples (model.json {@code golden}) within their
 * tolerance and guard thresholds, and only then takes the traffic and becomes the committed version;
 * otherwise it is rolled back and the committed version keeps serving. Requests running on the old
 * version finish on it, and the old one is closed once they have drained. Versions never go below the
 * committed one, except through {@link #rollback(String)}.
 */
@ProviderType
public interface ModelRegistry {
    /**
     * Every model in the repository, loaded or not; the repository is read again on each call.
     *
     * @return the models, by name
     */
    List<ModelInfo> models();

    /**
     * One model.
     *
     * @param name the model name
     * @return the model, or empty when there is none of that name
     */
    Optional<ModelInfo> model(String name);

    /**
     * Loads a model's active version (the last activated one, else the highest version).
     *
     * @param name the model name
     * @return the model, READY
     * @throws ModelNotFoundException when the repository has no such model
     * @throws ModelLoadException when the model cannot be loaded (corrupt file, no backend for its format)
     */
    ModelInfo load(String name);

    /**
     * Loads a model's active version, with force: a version quarantined because the process died while it
     * was loading, in trial or serving ({@link VersionEvent.Kind#CRASHED}) runs its trial again instead of
     * being refused. The operator's explicit override of the quarantine.
     *
     * @param name the model name
     * @param force whether a quarantined version may load
     * @return the model, READY
     * @throws ModelNotFoundException when the repository has no such model
     * @throws ModelLoadException when the model cannot be loaded
     */
    ModelInfo load(String name, boolean force);

    /**
     * Unloads a model: new requests are refused, running ones finish, then its resources are freed.
     *
     * @param name the model name
     * @return the model, UNLOADED
     * @throws ModelNotFoundException when no model has that name
     */
    ModelInfo unload(String name);

    /**
     * Makes a version the active one: loads it, switches traffic to it, drains and closes the old one.
     *
     * <p>The choice is remembered across restarts.
     *
     * @param name the model name
     * @param version the version to activate
     * @return the model, READY on the new version
     * @throws ModelNotFoundException when the model or the version is not in the repository
     * @throws ModelLoadException when the new version cannot be loaded; the old one keeps serving
     */
    ModelInfo activate(String name, String version);

    /**
     * Activates a version, with force: a quarantined ({@link VersionEvent.Kind#CRASHED}) version runs its
     * trial again instead of being refused (console {@code mg:activate --force}).
     *
     * @param name the model name
     * @param version the version to activate
     * @param force whether a quarantined version may be activated
     * @return the model, READY on the new version
     * @throws ModelNotFoundException when the model or the version is not in the repository
     * @throws ModelLoadException when the new version cannot be loaded; the old one keeps serving
     */
    ModelInfo activate(String name, String version, boolean force);

    /**
     * Installs a model version from a folder holding its model.json and files, or from a package file
     * ({@code NAME-VERSION.mgp}, unpacked and verified first): copied into the repository crash-safely,
     * not activated.
     *
     * @param versionFolder the folder (its model.json names the model and version) or the package file
     * @return the model, whose versions now include the new one
     * @throws VersionRefusedException when that version is installed already or is below the committed one
     * @throws ModelLoadException when the folder's model.json is missing or invalid
     */
    ModelInfo install(Path versionFolder);

    /**
     * Goes back to the version committed before the current one (an authorized downgrade), through the
     * same trial as an activation.
     *
     * @param name the model name
     * @return the model, READY on the earlier version
     * @throws VersionRefusedException when no earlier committed version is in the repository
     */
    ModelInfo rollback(String name);

    /**
     * Removes a version from the repository.
     *
     * @param name the model name
     * @param version the version
     * @return the model
     * @throws VersionRefusedException when it is the version serving or committed
     */
    ModelInfo remove(String name, String version);

    /**
     * What happened to the model's versions, oldest first (installs, trials, commits, rollbacks, removals).
     *
     * @param name the model name
     * @return the events
     * @throws ModelNotFoundException when the repository has no such model
     */
    List<VersionEvent> history(String name);

    /**
     * The inference backends present now, in the order the registry prefers them: highest service ranking
     * first, then the one registered first. A model that names a backend in its model.json ({@code "backend"})
     * is loaded on that one when it is present.
     *
     * @return the backends, most preferred first
     */
    List<BackendInfo> backends();

    /**
     * The accelerator drivers present now, with what their probes found and the models running under each.
     * A driver that is unavailable says why and is never chosen.
     *
     * @return the drivers, by name
     */
    default List<AcceleratorInfo> accelerators() {
        return List.of();
    }

    /**
     * Profiles a model on this device: loads its active version on every backend for its format, under each
     * accelerator driver that offers settings (and the backend's defaults) and each thread count, beside the
     * version serving, runs its sample inputs, and stores the fastest candidate under a driver as the model's
     * plan ({@code plan.json}), which the model is re-planned to at once and loads under from then on. Requests
     * keep being served meanwhile. One model is profiled at a time. Blocks until done.
     *
     * <pre>{@code
     * ProfileReport report = registry.profile("iris", ProfileRequest.ofRuns(100),
     *         (done, total, step) -> System.out.println(done + "/" + total + " " + step));
     * }</pre>
     *
     * @param name the model name
     * @param request the timed runs and thread counts
     * @param progress hears each step
     * @return the measurements and the winner
     * @throws ModelNotFoundException when the repository has no such model
     * @throws ProfileRefusedException when a profile is running already
     * @throws UnsupportedOperationException when this registry cannot profile
     */
    default ProfileReport profile(String name, ProfileRequest request, ProfileListener progress) {
        throw new UnsupportedOperationException("this model registry does not profile models");
    }

    /**
     * The last profile of a model since the gateway started.
     *
     * @param name the model name
     * @return the report, or empty when the model was not profiled
     */
    default Optional<ProfileReport> lastProfile(String name) {
        return Optional.empty();
    }

    /**
     * How many requests run on a model right now. Requests run on their callers' threads (there is no queue in
     * front of a model), so this is also what waits for the model: Triton's pending and in-flight counts in one.
     *
     * @param name the model name
     * @return the requests inside the model now, 0 for a model that is not loaded or unknown
     */
    default long requestsInFlight(String name) {
        return 0;
    }

    /**
     * The {@code model.json} of one version in the repository, as JSON values (objects as maps, arrays as lists,
     * numbers, strings, booleans): for the sections that extensions read and the core leaves alone, such as
     * {@code "reference"}, {@code "monitor"} and {@code "explain"}.
     *
     * <pre>
     * Map&lt;String, Object&gt; json = registry.modelJson("iris", "1.0.0").orElseThrow();
     * Object reference = json.get("reference");
     * </pre>
     *
     * @param name the model name
     * @param version the version
     * @return the document, or empty when the model has no such version or its model.json cannot be read
     */
    default Optional<Map<String, Object>> modelJson(String name, String version) {
        return Optional.empty();
    }

    /**
     * Whether the gateway started in safe mode after repeated crashes, and which models it holds back.
     *
     * @return the safe mode, {@link SafeMode#OFF} when the gateway runs normally
     */
    default SafeMode safeMode() {
        return SafeMode.OFF;
    }

    /**
     * Leaves safe mode: forgets the unclean ends that led to it and loads the models it held back (a quarantined
     * version still needs force). Does nothing when the gateway is not in safe mode.
     *
     * @return the safe mode as it was before it was left
     * @throws UnsupportedOperationException when this registry has no safe mode
     */
    default SafeMode leaveSafeMode() {
        throw new UnsupportedOperationException("this model registry has no safe mode");
    }

    /**
     * Loads a second version of a serving model beside it, the challenger of a traffic policy, through the same trial
     * as an activation (schema, warm-up, golden samples), and starts routing to it: {@code split.percent()} of the
     * requests (split), or a copy of them on a bounded executor off the caller's thread (shadow; the caller always
     * gets the serving version's answer). Nothing is committed: the {@code active} file keeps naming the serving
     * version until {@link #endChallenger(String, boolean, String)} promotes the challenger. The history records a
     * TRIAL of the challenger. A gateway restart while a challenger runs rolls it back (history ROLLED_BACK); the
     * committed version serves.
     *
     * <pre>
     * registry.startChallenger("iris", "1.1.0", new TrafficSplit(false, 10, true));
     * // ... later
     * registry.endChallenger("iris", true, "error_rate 0.002 &lt;= 0.01 over 500 requests");
     * </pre>
     *
     * @param name the model name
     * @param version the challenger's version, installed in the repository, not below the committed one
     * @param split how the challenger shares the traffic
     * @return the challenger now serving beside the champion
     * @throws ModelNotFoundException when the model or the version is not in the repository
     * @throws ModelLoadException when the challenger cannot be loaded or fails its trial; nothing changed
     * @throws VersionRefusedException when the model does not serve, already has a challenger, or the version is the
     *     serving one, below the committed one or quarantined
     * @throws UnsupportedOperationException when this registry has no traffic policies
     * @since 1.11.0
     */
    default ChallengerInfo startChallenger(String name, String version, TrafficSplit split) {
        throw new UnsupportedOperationException("this model registry runs no challengers");
    }

    /**
     * Ends a model's challenger. Promoted: it is recorded as committed (history COMMITTED with {@code evidence}, the
     * {@code active} file), takes all the traffic with one write, and the old serving version drains and closes.
     * Rolled back: it leaves the traffic with one write, drains and closes (history ROLLED_BACK with
     * {@code evidence}); the serving version is untouched. Either way no request fails: a request routed to the
     * version leaving finishes on it, one that comes after goes to the version that stays.
     *
     * @param name the model name
     * @param promote true to promote, false to roll back
     * @param evidence why, for history and audit (the guards' readings)
     * @return the model, serving the version that stays
     * @throws VersionRefusedException when the model has no challenger
     * @throws UnsupportedOperationException when this registry has no traffic policies
     * @since 1.11.0
     */
    default ModelInfo endChallenger(String name, boolean promote, String evidence) {
        throw new UnsupportedOperationException("this model registry runs no challengers");
    }

    /**
     * The challenger of a model, while one runs.
     *
     * @param name the model name
     * @return the challenger, or empty when none runs
     * @since 1.11.0
     */
    default Optional<ChallengerInfo> challenger(String name) {
        return Optional.empty();
    }

    /**
     * What the dynamic batchers of a model's loaded versions did (model.json {@code "batching"}): one entry per
     * loaded version that batches (the serving version, and a traffic policy's challenger), none for a model that
     * does not batch or is not loaded.
     *
     * @param name the model name
     * @return the statistics, the serving version first
     * @since 1.12.0
     */
    default List<BatchStatistics> batchStatistics(String name) {
        return List.of();
    }
}
