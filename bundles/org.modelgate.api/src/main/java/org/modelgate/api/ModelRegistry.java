package org.modelgate.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The models on this gateway: what is in the model repository, what is loaded, which version is active.
 *
 * <p>Loading and activating block until the model is ready or has failed. Activation swaps in the
 * new version only after it is loaded; requests running on the old one finish on it, and the old one
 * is closed once they have drained.
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
     * The inference backends present now.
     *
     * @return the backends, by name
     */
    List<BackendInfo> backends();
}
