package org.modelgate.core.internal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.modelgate.api.ExecutionPlan;

import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelState;
import org.modelgate.api.ModelgateException;
import org.modelgate.core.internal.ModelDescriptor.InvalidDescriptorException;
import org.modelgate.spi.LoadedModel;
import org.modelgate.spi.ModelArtifact;

/**
 * Puts a model version into service: load it on the preferred backend, warm it, then swap it in with one
 * write; the version it replaces drains and closes. A failed load leaves the serving version untouched.
 *
 * <p>A model file encrypted at rest is decrypted into memory, verified from there against the version's
 * signature, and those same bytes go to the backend; they are overwritten and freed as soon as the backend
 * has loaded.
 *
 * <p>Callers hold the slot's admin lock.
 */
final class ModelSwitcher {
    private static final System.Logger LOG = System.getLogger(ModelSwitcher.class.getName());

    private final BackendCatalog backends;
    private final TrustGate trust;
    private final AtRestEncryption encryption;
    private final ExecutionPlanner planner;
    /** Seconds a backend's load may take before the model is FAILED (loadTimeoutSeconds). */
    volatile int loadTimeoutSeconds = 300;
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

    ModelSwitcher(BackendCatalog backends, TrustGate trust, AtRestEncryption encryption) {
        this(backends, trust, encryption, new ExecutionPlanner());
    }

    /** With the planner that picks each load's accelerator driver and settings. */
    ModelSwitcher(BackendCatalog backends, TrustGate trust, AtRestEncryption encryption, ExecutionPlanner planner) {
        this.backends = backends;
        this.trust = trust;
        this.encryption = encryption;
        this.planner = planner;
    }

    /**
     * Loads {@code version} and makes it the slot's serving version.
     *
     * @param commit runs after the new version is loaded and warm, before traffic moves to it (e.g. to
     *        record the activation); if it throws, the new version is closed and nothing changes
     */
    void switchTo(ModelSlot slot, ModelRepository repository, SemanticVersion version, Runnable commit) {
        ModelDescriptor descriptor;
        try {
            descriptor = repository.descriptor(slot.name, version);
        } catch (InvalidDescriptorException e) {
            throw fail(slot, ModelState.FAILED, e.getMessage(), null);
        }
        slot.wanted = version;
        slot.format = descriptor.format();
        ByteBuffer decrypted = verifiedContent(slot, repository, descriptor);
        BackendCatalog.Entry backend;
        ExecutionPlanner.Loaded loaded;
        long start = System.nanoTime();
        boolean abandoned = false;
        try {
            backend = backendFor(slot, version, descriptor, decrypted != null, measuredBackend(repository, slot.name));
            loaded = load(slot, repository, version, descriptor, backend, decrypted);
        } catch (LoadAbandoned e) {
            abandoned = true; // the hung load still holds the decrypted bytes: they go when it ends
            throw e.failure;
        } finally {
            if (decrypted != null && !abandoned) {
                EncryptedModelFile.discard(decrypted); // the backend has what it needs: the plaintext goes now
            }
        }
        putIntoService(slot, version, descriptor, backend, loaded.model(), loaded.plan(), start, commit);
    }

    /**
     * Checks the version's signature; for a model file encrypted at rest, decrypts it first and checks the
     * decrypted bytes.
     *
     * @return the decrypted model file, or null when it is not encrypted
     */
    private ByteBuffer verifiedContent(ModelSlot slot, ModelRepository repository, ModelDescriptor descriptor) {
        String what = "model '" + slot.name + "' " + descriptor.version();
        Path folder = repository.modelDirectory(slot.name).resolve(descriptor.version().toString());
        ByteBuffer decrypted = null;
        try {
            if (!encryption.isEncrypted(descriptor.modelFile(), what)) {
                trust.check(folder, what);
                return null;
            }
            decrypted = encryption.decrypt(descriptor.modelFile(), what);
            trust.check(folder, Map.of(signedName(folder, descriptor.modelFile()), decrypted.asReadOnlyBuffer()), what);
            return decrypted;
        } catch (AtRestEncryption.NoKeyProviderException e) {
            throw fail(slot, ModelState.UNAVAILABLE, e.getMessage(), e);
        } catch (ModelLoadException e) {
            if (decrypted != null) {
                EncryptedModelFile.discard(decrypted);
            }
            throw fail(slot, ModelState.FAILED, e.getMessage(), e);
        }
    }

    /** A file's name as a signature lists it: relative to the version folder, '/'-separated. */
    private static String signedName(Path folder, Path file) {
        Path relative = folder.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
        StringBuilder name = new StringBuilder();
        for (Path part : relative) {
            name.append(name.length() == 0 ? "" : "/").append(part);
        }
        return name.toString();
    }

    /**
     * The backend plan.json was measured on (profiling picked it), or null: the model goes there when model.json names
     * no backend of its own, so that the measured plan applies.
     */
    private static String measuredBackend(ModelRepository repository, String model) {
        try {
            return PlanFile.read(repository.modelDirectory(model)).map(PlanFile::backend).orElse(null);
        } catch (PlanFile.InvalidPlanException | java.io.UncheckedIOException e) {
            return null; // the planner notes why when it reads the file
        }
    }

    private BackendCatalog.Entry backendFor(ModelSlot slot, SemanticVersion version, ModelDescriptor descriptor,
            boolean fromMemory, String measuredBackend) {
        String preferred = descriptor.backend() != null ? descriptor.backend() : measuredBackend;
        BackendCatalog.Entry backend = backends.bestFor(descriptor.format(), preferred).orElse(null);
        if (backend == null) {
            String message = "no backend runs format '" + descriptor.format() + "' of model '" + slot.name + "' " + version
                    + " (backends present: " + backends.names() + ")";
            fail(slot, ModelState.UNAVAILABLE, message + "; it loads when one arrives", null);
            throw new ModelLoadException(message);
        }
        if (fromMemory && !backend.backend().loadsFromMemory()) {
            throw fail(slot, ModelState.FAILED, "model '" + slot.name + "' " + version + " is encrypted at rest, and backend '"
                    + backend.name() + "' loads models from files only, so it cannot be given the decrypted model; "
                    + "use a backend that loads from memory, or install the version with encryptAtRest=OFF (PID "
                    + RegistryConfig.PID + ")", null);
        }
        return backend;
    }

    private ExecutionPlanner.Loaded load(ModelSlot slot, ModelRepository repository, SemanticVersion version,
            ModelDescriptor descriptor, BackendCatalog.Entry backend, ByteBuffer decrypted) {
        if (slot.serving == null) {
            slot.setState(ModelState.LOADING, "loading " + version + " on " + backend.name());
        }
        // On a thread of its own, so a backend that hangs in load() costs this model only: after
        // loadTimeoutSeconds it is FAILED with the reason, and whatever the load returns later is closed.
        CompletableFuture<ExecutionPlanner.Loaded> pending = CompletableFuture.supplyAsync(
                // The planner picks the accelerator driver; its settings come in as the options (model.json's win).
                () -> planner.load(backend, descriptor, repository.modelDirectory(slot.name),
                        options -> new ModelArtifact(slot.name, version.toString(), descriptor.format(),
                                descriptor.modelFile(), options, decrypted == null ? null : decrypted.asReadOnlyBuffer()),
                        () -> departed(backend)), LOADERS);
        try {
            return pending.get(loadTimeoutSeconds, TimeUnit.SECONDS);
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
            throw new LoadAbandoned(fail(slot, ModelState.FAILED, "backend '" + backend.name() + "' did not finish loading model '"
                    + slot.name + "' " + version + " within " + loadTimeoutSeconds + " s (loadTimeoutSeconds of "
                    + RegistryConfig.PID + "); the load was abandoned, try again with mg:load", null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.thenAccept(late -> late.model().close());
            throw new LoadAbandoned(fail(slot, ModelState.FAILED, "loading model '" + slot.name + "' " + version
                    + " was interrupted", e));
        } catch (ExecutionException wrapped) {
            Throwable e = wrapped.getCause();
            if (e instanceof ModelLoadException load) {
                throw fail(slot, departed(backend) ? ModelState.UNAVAILABLE : ModelState.FAILED, load.getMessage(), load);
            }
            // A LinkageError here means the backend's bundle was stopped or refreshed under the load.
            throw fail(slot, departed(backend) ? ModelState.UNAVAILABLE : ModelState.FAILED, backend.name()
                    + " could not load model '" + slot.name + "' " + version + ": " + e, e);
        }
    }

    /** A load given up on (timed out or interrupted) whose thread may still use the decrypted bytes. */
    private static final class LoadAbandoned extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ModelgateException failure;

        LoadAbandoned(ModelgateException failure) {
            super(failure.getMessage(), failure);
            this.failure = failure;
        }
    }

    private void putIntoService(ModelSlot slot, SemanticVersion version, ModelDescriptor descriptor, BackendCatalog.Entry backend,
            LoadedModel loaded, ExecutionPlan plan, long start, Runnable commit) {
        ServingVersion next;
        try {
            if (departed(backend)) {
                throw new ModelLoadException("backend '" + backend.name() + "' went away while loading model '"
                        + slot.name + "' " + version + "; it loads again when a backend for format '"
                        + descriptor.format() + "' arrives");
            }
            descriptor.schema().check(loaded, "model '" + slot.name + "' " + version);
            next = new ServingVersion(descriptor, backend, loaded, plan);
            warmUp(next);
            // The trial: a version that does not reproduce its golden samples never takes traffic.
            descriptor.golden().check(loaded, descriptor.labels(), "model '" + slot.name + "' " + version);
            commit.run();
        } catch (RuntimeException e) {
            loaded.close();
            if (departed(backend)) {
                throw fail(slot, ModelState.UNAVAILABLE, e.getMessage(), e);
            }
            throw fail(slot, ModelState.FAILED, "model '" + slot.name + "' " + version + " was loaded but not put into service: "
                    + e.getMessage(), e);
        }
        ServingVersion old = slot.serving;
        slot.serving = next;
        slot.setState(ModelState.READY, null);
        LOG.log(System.Logger.Level.INFO, "model " + slot.name + " " + version + " serving on " + backend.name()
                + (plan.accelerator() == null ? "" : " with accelerator " + plan.accelerator()) + " (loaded in "
                + (System.nanoTime() - start) / 1_000_000 + " ms)" + (old == null ? "" : ", replacing " + old.version()));
        if (old != null) {
            old.retire();
        }
    }

    private boolean departed(BackendCatalog.Entry backend) {
        return !backends.contains(backend);
    }

    private static void warmUp(ServingVersion version) {
        try {
            WarmUp.run(version.model);
        } catch (RuntimeException e) {
            // Some models reject zeros (e.g. index inputs); they still serve real requests.
            LOG.log(System.Logger.Level.INFO, "warm-up of " + version.descriptor.name() + " " + version.version()
                    + " on zeros did not run (" + e.getMessage() + "); its first request pays for initialisation");
        }
    }

    /** Records a failure on an idle slot (a serving version keeps serving) and returns the exception to throw. */
    private static ModelgateException fail(ModelSlot slot, ModelState state, String message, Throwable cause) {
        if (slot.serving == null) {
            slot.setState(state, message);
        }
        return cause instanceof ModelLoadException e ? e : new ModelLoadException(message, cause);
    }
}
