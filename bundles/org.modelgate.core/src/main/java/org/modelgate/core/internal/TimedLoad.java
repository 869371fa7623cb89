package org.modelgate.core.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelState;
import org.modelgate.api.ModelUnavailableException;
import org.modelgate.api.ModelgateException;
import org.modelgate.spi.LoadedModel;
import org.modelgate.spi.ModelArtifact;

/**
 * A backend's load of a model under a time limit, on a thread of its own, so that a backend that hangs costs that
 * model only: past the limit the model is FAILED with the reason and whatever the load returns later is closed.
 */
final class TimedLoad {
    private static final System.Logger LOG = System.getLogger(TimedLoad.class.getName());
    /**
     * A thread of its own for each load, ending with it: native runtimes name their worker threads after
     * the thread that made the session ({@value #LOAD_THREAD}), so what stays is the sessions' workers only.
     */
    static final String LOAD_THREAD = "modelgate-load";
    private static final Executor LOADERS = task -> {
        Thread thread = new Thread(task, LOAD_THREAD);
        thread.setDaemon(true);
        thread.start();
    };

    private final BackendCatalog backends;
    private final ExecutionPlanner planner;

    TimedLoad(BackendCatalog backends, ExecutionPlanner planner) {
        this.backends = backends;
        this.planner = planner;
    }

    /**
     * Loads a version on a backend under the planner's best plan, on a thread of its own, waiting at most
     * {@code timeoutSeconds}.
     *
     * @throws LoadAbandoned when the load timed out or was interrupted (its thread may still hold {@code decrypted})
     * @throws ModelgateException when it failed; the slot, if idle, says why (UNAVAILABLE when the backend left)
     */
    ExecutionPlanner.Loaded load(ModelSlot slot, ModelRepository repository, SemanticVersion version,
            ModelDescriptor descriptor, BackendCatalog.Entry backend, ByteBuffer decrypted,
            BiFunction<BackendCatalog.Entry, ModelArtifact, LoadedModel> loader, int timeoutSeconds) {
        if (slot.serving == null) {
            slot.setState(ModelState.LOADING, "loading " + version + " on " + backend.name());
        }
        // On a thread of its own, so a backend that hangs in load() costs this model only: after
        // timeoutSeconds (loadTimeoutSeconds) it is FAILED with the reason, and whatever the load returns later is closed.
        CompletableFuture<ExecutionPlanner.Loaded> pending = CompletableFuture.supplyAsync(
                // The planner picks the accelerator driver; its settings come in as the options (model.json's win).
                () -> planner.load(backend, descriptor, repository.modelDirectory(slot.name),
                        options -> new ModelArtifact(slot.name, version.toString(), descriptor.format(),
                                descriptor.modelFile(), options, decrypted == null ? null : decrypted.asReadOnlyBuffer()),
                        () -> departed(backend), loader), LOADERS);
        try {
            return pending.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            pending.whenComplete((late, error) -> {
                if (late != null) {
                    late.model().close();
                }
                if (decrypted != null) {
                    EncryptedModelFile.discard(decrypted);
                }
                LOG.log(System.Logger.Level.WARNING, "the abandoned load of model " + slot.name + " " + version + " on "
                        + backend.name() + " ended " + (error == null ? "after all; its result was closed" : "with " + error));
            });
            throw new LoadAbandoned(ModelSwitcher.fail(slot, ModelState.FAILED, "backend '" + backend.name() + "' did not finish loading model '"
                    + slot.name + "' " + version + " within " + timeoutSeconds + " s (loadTimeoutSeconds of "
                    + RegistryConfig.PID + "); the load was abandoned, try again with mg:load", null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.thenAccept(late -> late.model().close());
            throw new LoadAbandoned(ModelSwitcher.fail(slot, ModelState.FAILED, "loading model '" + slot.name + "' " + version
                    + " was interrupted", e));
        } catch (ExecutionException wrapped) {
            Throwable e = wrapped.getCause();
            if (e instanceof ModelLoadException load) {
                throw ModelSwitcher.fail(slot, departed(backend) ? ModelState.UNAVAILABLE : ModelState.FAILED, load.getMessage(), load);
            }
            if (e instanceof ModelUnavailableException away) {
                throw ModelSwitcher.fail(slot, ModelState.UNAVAILABLE, away.getMessage(), away);
            }
            // A LinkageError here means the backend's bundle was stopped or refreshed under the load.
            throw ModelSwitcher.fail(slot, departed(backend) ? ModelState.UNAVAILABLE : ModelState.FAILED, backend.name()
                    + " could not load model '" + slot.name + "' " + version + ": " + e, e);
        }
    }

    private boolean departed(BackendCatalog.Entry backend) {
        return !backends.contains(backend);
    }
}
