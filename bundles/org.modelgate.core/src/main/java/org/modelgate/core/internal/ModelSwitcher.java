package org.modelgate.core.internal;

import java.nio.ByteBuffer;

import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelState;
import org.modelgate.api.ModelUnavailableException;
import org.modelgate.api.ModelgateException;
import org.modelgate.host.HostListener;
import org.modelgate.host.HostNotUsableException;
import org.modelgate.host.HostOptions;
import org.modelgate.host.HostedModel;
import org.modelgate.host.ModelHosts;
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
    private final VerifiedContent content;
    private final VersionSwap swap;
    private final TimedLoad loads;
    /** Model host processes (the org.modelgate.host bundle), or null while it is absent. */
    volatile ModelHosts hosts;
    /** The gateway-wide isolation of models whose model.json names none (isolation). */
    volatile String defaultIsolation = ModelDescriptor.ISOLATION_IN_PROCESS;
    /** Marks loads in progress, so that a death during one quarantines the version. */
    volatile CrashQuarantine quarantine;
    /** Told when the host of an isolated model was given up (it kept dying): the slot and the reason. */
    volatile java.util.function.BiConsumer<ModelSlot, String> hostGivenUp = (slot, reason) -> { };
    /** Seconds a backend's load may take before the model is FAILED (loadTimeoutSeconds). */
    volatile int loadTimeoutSeconds = 300;

    ModelSwitcher(BackendCatalog backends, TrustGate trust, AtRestEncryption encryption) {
        this(backends, trust, encryption, new ExecutionPlanner());
    }

    /** With the planner that picks each load's accelerator driver and settings. */
    ModelSwitcher(BackendCatalog backends, TrustGate trust, AtRestEncryption encryption, ExecutionPlanner planner) {
        this.backends = backends;
        this.content = new VerifiedContent(trust, encryption);
        this.swap = new VersionSwap(backends);
        this.loads = new TimedLoad(backends, planner);
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
        java.util.function.BiFunction<BackendCatalog.Entry, ModelArtifact, LoadedModel> loader = IN_PROCESS;
        if (isolated(descriptor)) {
            loader = hostLoader(slot, HostOptions.serving(listenerFor(slot, version)), true);
        }
        CrashQuarantine marks = quarantine;
        if (marks != null) {
            marks.loading(slot.name, version);
        }
        try {
            ByteBuffer decrypted = verifiedContent(slot, repository, descriptor);
            BackendCatalog.Entry backend;
            ExecutionPlanner.Loaded loaded;
            long start = System.nanoTime();
            boolean abandoned = false;
            try {
                backend = backendFor(slot, version, descriptor, decrypted != null, measuredBackend(repository, slot.name));
                loaded = load(slot, repository, version, descriptor, backend, decrypted, loader);
            } catch (LoadAbandoned e) {
                abandoned = true; // the hung load still holds the decrypted bytes: they go when it ends
                throw e.failure;
            } finally {
                if (decrypted != null && !abandoned) {
                    EncryptedModelFile.discard(decrypted); // the backend has what it needs: the plaintext goes now
                }
            }
            swap.putIntoService(slot, version, descriptor, backend, loaded.model(), loaded.plan(), start, commit);
        } finally {
            if (marks != null) {
                marks.loaded(slot.name);
            }
        }
    }

    /**
     * Loads {@code version} beside the slot's serving version, as a traffic policy's challenger, through the same trial
     * (schema, warm-up, golden samples); the slot's serving version, state and wanted version are left alone.
     *
     * @return the challenger, ready to take requests
     */
    ServingVersion loadBeside(ModelSlot slot, ModelRepository repository, SemanticVersion version) {
        ModelDescriptor descriptor;
        try {
            descriptor = repository.descriptor(slot.name, version);
        } catch (InvalidDescriptorException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
        java.util.function.BiFunction<BackendCatalog.Entry, ModelArtifact, LoadedModel> loader = IN_PROCESS;
        if (isolated(descriptor)) {
            loader = hostLoader(slot, HostOptions.serving(challengerListener(slot, version)), true);
        }
        CrashQuarantine marks = quarantine;
        if (marks != null) {
            marks.loading(slot.name, version);
        }
        try {
            ByteBuffer decrypted = verifiedContent(slot, repository, descriptor);
            BackendCatalog.Entry backend;
            ExecutionPlanner.Loaded loaded;
            boolean abandoned = false;
            try {
                backend = backendFor(slot, version, descriptor, decrypted != null, measuredBackend(repository, slot.name));
                loaded = load(slot, repository, version, descriptor, backend, decrypted, loader);
            } catch (LoadAbandoned e) {
                abandoned = true;
                throw e.failure;
            } finally {
                if (decrypted != null && !abandoned) {
                    EncryptedModelFile.discard(decrypted);
                }
            }
            return swap.trial(slot, version, descriptor, backend, loaded.model(), loaded.plan());
        } finally {
            if (marks != null) {
                marks.loaded(slot.name);
            }
        }
    }

    /** A challenger's model host only logs: giving it up must not touch the serving version's slot. */
    private HostListener challengerListener(ModelSlot slot, SemanticVersion version) {
        return new HostListener() {
            @Override
            public void died(String reason) {
                LOG.log(System.Logger.Level.WARNING, "the model host of challenger " + slot.name + " " + version + " died: "
                        + reason);
            }

            @Override
            public void restarted(int restarts) {
                LOG.log(System.Logger.Level.INFO, "the model host of challenger " + slot.name + " " + version
                        + " serves again (restart " + restarts + ")");
            }

            @Override
            public void gaveUp(String reason) {
                LOG.log(System.Logger.Level.WARNING, "the model host of challenger " + slot.name + " " + version
                        + " was given up: " + reason + "; its requests fail until the policy rolls it back");
            }
        };
    }

    private static final java.util.function.BiFunction<BackendCatalog.Entry, ModelArtifact, LoadedModel> IN_PROCESS =
            (entry, artifact) -> entry.backend().load(artifact);

    /** Whether a version runs in a model host process of its own (model.json, else the gateway's default). */
    boolean isolated(ModelDescriptor descriptor) {
        String isolation = descriptor.isolation() != null ? descriptor.isolation() : defaultIsolation;
        return ModelDescriptor.ISOLATION_PROCESS.equals(isolation);
    }

    /** Loads in a model host process; without the host bundle the model waits for it (UNAVAILABLE). */
    private java.util.function.BiFunction<BackendCatalog.Entry, ModelArtifact, LoadedModel> hostLoader(ModelSlot slot,
            HostOptions options, boolean serving) {
        return (entry, artifact) -> {
            ModelHosts present = hosts;
            if (present == null) {
                throw new ModelUnavailableException("model '" + slot.name + "' " + artifact.version() + " runs with isolation "
                        + "'process', and no model host service is present (bundle org.modelgate.host); it loads when one is");
            }
            return present.load(entry.backend(), entry.properties(), artifact, options);
        };
    }

    private HostListener listenerFor(ModelSlot slot, SemanticVersion version) {
        return new HostListener() {
            @Override
            public void died(String reason) {
                LOG.log(System.Logger.Level.WARNING, "the model host of " + slot.name + " " + version + " died: " + reason);
            }

            @Override
            public void restarted(int restarts) {
                LOG.log(System.Logger.Level.INFO, "the model host of " + slot.name + " " + version + " serves again (restart "
                        + restarts + ")");
            }

            @Override
            public void gaveUp(String reason) {
                hostGivenUp.accept(slot, reason);
            }
        };
    }

    /**
     * A trial in a sandbox: the version is loaded in a model host process, checked against its schema, warmed up
     * and checked on its golden samples there, then closed. Whatever its backend does (a native crash, an exit)
     * costs that process only.
     *
     * @throws ModelgateException when the trial failed there ({@code trial process died: ...} when the host died)
     */
    /**
     * Runs a version's trial in a model host process.
     *
     * @return null when it ran there; why not when no host could run it (the trial then runs in-process only)
     */
    String trialInHost(ModelSlot slot, ModelRepository repository, SemanticVersion version) {
        ModelDescriptor descriptor;
        try {
            descriptor = repository.descriptor(slot.name, version);
        } catch (InvalidDescriptorException e) {
            throw fail(slot, ModelState.FAILED, e.getMessage(), null);
        }
        ByteBuffer decrypted = verifiedContent(slot, repository, descriptor);
        ExecutionPlanner.Loaded loaded;
        boolean abandoned = false;
        try {
            BackendCatalog.Entry backend = backendFor(slot, version, descriptor, decrypted != null,
                    measuredBackend(repository, slot.name));
            loaded = load(slot, repository, version, descriptor, backend, decrypted, hostLoader(slot, HostOptions.trial(), false));
        } catch (LoadAbandoned e) {
            abandoned = true;
            throw sandboxFailure(slot, version, e.failure);
        } catch (HostNotUsableException e) {
            // the host's fault, not the model's: the trial runs in-process, as without the host bundle
            LOG.log(System.Logger.Level.WARNING, "model " + slot.name + " " + version + ": no model host can run its trial ("
                    + e.getMessage() + "); the trial runs in the gateway's own process");
            return "no model host could run its trial (" + e.getMessage() + "): it ran in the gateway's own process";
        } catch (ModelgateException e) {
            throw sandboxFailure(slot, version, e);
        } finally {
            if (decrypted != null && !abandoned) {
                EncryptedModelFile.discard(decrypted);
            }
        }
        String what = "model '" + slot.name + "' " + version;
        try (LoadedModel model = loaded.model()) {
            descriptor.schema().check(model, what);
            WarmUp.run(model, descriptor.golden());
            descriptor.golden().check(model, descriptor.labels(), what);
        } catch (ModelgateException | IllegalArgumentException e) {
            throw sandboxFailure(slot, version, e);
        }
        return null;
    }

    private static ModelgateException sandboxFailure(ModelSlot slot, SemanticVersion version, RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        boolean died = message.contains("model host died") || e instanceof ModelUnavailableException;
        String reason = died ? "trial process died: " + message : "trial in a model host process failed: " + message;
        if (slot.serving == null) {
            slot.setState(ModelState.FAILED, reason);
        }
        return new ModelLoadException(reason, e);
    }

    /**
     * Checks the version's signature; for a model file encrypted at rest, decrypts it first and checks the
     * decrypted bytes. A missing key provider leaves the model UNAVAILABLE (it loads when one arrives).
     *
     * @return the decrypted model file, or null when it is not encrypted
     */
    private ByteBuffer verifiedContent(ModelSlot slot, ModelRepository repository, ModelDescriptor descriptor) {
        try {
            return content.of(repository, descriptor);
        } catch (AtRestEncryption.NoKeyProviderException e) {
            throw fail(slot, ModelState.UNAVAILABLE, e.getMessage(), e);
        } catch (ModelLoadException e) {
            throw fail(slot, ModelState.FAILED, e.getMessage(), e);
        }
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
            ModelDescriptor descriptor, BackendCatalog.Entry backend, ByteBuffer decrypted,
            java.util.function.BiFunction<BackendCatalog.Entry, ModelArtifact, LoadedModel> loader) {
        return loads.load(slot, repository, version, descriptor, backend, decrypted, loader, loadTimeoutSeconds);
    }

    /** Records a failure on an idle slot (a serving version keeps serving) and returns the exception to throw. */
    static ModelgateException fail(ModelSlot slot, ModelState state, String message, Throwable cause) {
        if (slot.serving == null) {
            slot.setState(state, message);
        }
        return cause instanceof ModelLoadException e ? e : new ModelLoadException(message, cause);
    }
}
