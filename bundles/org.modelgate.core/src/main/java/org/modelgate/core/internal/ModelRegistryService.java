package org.modelgate.core.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.modelgate.api.AcceleratorInfo;
import org.modelgate.api.BackendInfo;
import org.modelgate.api.InferenceFailedException;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.InferenceService;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.ModelState;
import org.modelgate.api.ModelUnavailableException;
import org.modelgate.api.ModelgateException;
import org.modelgate.api.ProfileListener;
import org.modelgate.api.ProfileReport;
import org.modelgate.api.ProfileRequest;
import org.modelgate.api.Tensor;
import org.modelgate.api.VersionEvent;
import org.modelgate.audit.AuditLog;
import org.modelgate.spi.AcceleratorDriver;
import org.modelgate.spi.InferenceBackend;
import org.modelgate.spi.KeyProvider;
import org.modelgate.spi.ModelPackageReader;
import org.modelgate.spi.ModelTrust;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The model registry and the inference router in one component: both work on the same table of
 * {@link ModelSlot}s, the registry changing what each slot serves, the router reading it.
 */
@Component(service = { ModelRegistry.class, InferenceService.class }, configurationPid = RegistryConfig.PID, immediate = true)
@Designate(ocd = RegistryConfig.class)
public class ModelRegistryService implements ModelRegistry, InferenceService {
    private static final System.Logger LOG = System.getLogger(ModelRegistryService.class.getName());

    private final BackendCatalog backends = new BackendCatalog();
    private final Map<String, ModelSlot> slots = new ConcurrentHashMap<>();
    private final TrustGate trust = new TrustGate();
    /** Package-visible so tests can write small segments. */
    final AtRestEncryption encryption = new AtRestEncryption();
    private final ExecutionPlanner planner = new ExecutionPlanner();
    private final ModelSwitcher switcher = new ModelSwitcher(backends, trust, encryption, planner);
    private final AuditTrail audit = new AuditTrail();
    /** Where the repository's writes go; tests put a layer here that cuts the power at chosen points. */
    DurableFiles files = DurableFiles.SYSTEM;
    private volatile ModelRepository repository;
    private volatile VersionLifecycle lifecycle;
    private final SynchronousBundleListener bundleListener = this::bundleChanged;
    private BundleContext bundleContext;
    private PluginTracker<InferenceBackend> backendTracker;
    private final Replanner replanner = new Replanner(slots, switcher, planner, backends, () -> this.repository, () -> this.background);
    private PluginTracker<AcceleratorDriver> driverTracker;
    private final ModelProfiler profiler = new ModelProfiler(slots, switcher, planner, backends, trust, encryption,
            () -> this.repository);
    private volatile ExecutorService background;
    private volatile int drainSeconds = 30;

    @Activate
    void activate(RegistryConfig config) {
        repository = new ModelRepository(Path.of(config.repository()), files);
        trust.require(config.requireSignatures());
        encryption.configure(config.encryptAtRest());
        lifecycle = new VersionLifecycle(repository, switcher, config.keepVersions(), audit, trust, encryption);
        lifecycle.useQuota(DiskQuota.ofMegabytes(config.diskQuotaMB()), this::slot);
        lifecycle.recover();
        drainSeconds = config.drainTimeoutSeconds();
        switcher.loadTimeoutSeconds = Math.max(1, config.loadTimeoutSeconds());
        background = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "modelgate-registry");
            thread.setDaemon(true);
            return thread;
        });
        LOG.log(System.Logger.Level.INFO, "model repository " + repository.root());
        Bundle self = FrameworkUtil.getBundle(getClass());
        bundleContext = self == null ? null : self.getBundleContext();
        if (bundleContext != null) {
            bundleContext.addBundleListener(bundleListener);
            backendTracker = new PluginTracker<>(bundleContext, InferenceBackend.class, this::addBackend, this::removeBackend);
            backendTracker.open(); // binds the backends present now, before the models load
            driverTracker = new PluginTracker<>(bundleContext, AcceleratorDriver.class, this::addDriver, this::removeDriver);
            driverTracker.open(); // and the accelerator drivers (their probes finish before a model is planned)
        }
        if (config.autoload()) {
            for (String name : repository.modelNames()) {
                slot(name).setState(ModelState.LOADING, "loading at start");
                background.execute(() -> loadLogged(name));
            }
        }
    }

    @Deactivate
    void deactivate() {
        if (bundleContext != null) {
            bundleContext.removeBundleListener(bundleListener);
            backendTracker.close();
            driverTracker.close();
        }
        ExecutorService executor = background;
        background = null;
        executor.shutdownNow();
        try {
            executor.awaitTermination(drainSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        slots.values().forEach(slot -> retire(slot, ModelState.UNLOADED, null));
        slots.clear();
        planner.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ModelPackageReader packageReader;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setModelTrust(ModelTrust modelTrust) {
        trust.use(modelTrust);
    }

    void unsetModelTrust(ModelTrust modelTrust) {
        trust.forget(modelTrust);
    }

    /** The device key: encrypts what is installed (encryptAtRest), decrypts encrypted versions before they load. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setKeyProvider(KeyProvider keyProvider) {
        encryption.use(keyProvider);
        ExecutorService executor = background;
        if (executor != null) {
            // models encrypted at rest that waited for a key load now
            executor.execute(this::serveWaitingModels);
        }
    }

    void unsetKeyProvider(KeyProvider keyProvider) {
        encryption.forget(keyProvider);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setAuditLog(AuditLog auditLog) {
        audit.use(auditLog);
    }

    void unsetAuditLog(AuditLog auditLog) {
        audit.forget(auditLog);
    }

    /** A backend arrived (from the {@link PluginTracker}, or a test). */
    void addBackend(InferenceBackend backend, Map<String, Object> properties) {
        BackendCatalog.Entry entry = backends.add(backend, properties);
        LOG.log(System.Logger.Level.INFO, "backend " + entry.name() + " " + backend.version() + " arrived for formats "
                + backend.formats());
        ExecutorService executor = background;
        if (executor != null) {
            // Say LOADING at once, so readiness never reports a model that is about to load as settled.
            for (ModelSlot slot : slots.values()) {
                if (isWaitingFor(slot, backend)) {
                    slot.setState(ModelState.LOADING, "loading on " + entry.name());
                }
            }
            executor.execute(this::serveWaitingModels);
            executor.execute(() -> returnToPreferred(entry));
        }
    }

    /** Models that name this backend in model.json but serve elsewhere (it was away) move back to it. */
    private void returnToPreferred(BackendCatalog.Entry arrived) {
        for (ModelSlot slot : slots.values()) {
            ServingVersion serving = slot.serving;
            if (serving == null || !arrived.name().equals(serving.descriptor.backend()) || serving.backend == arrived) {
                continue;
            }
            slot.admin.lock();
            try {
                ServingVersion now = slot.serving;
                if (now == serving && backends.contains(arrived)) {
                    switcher.switchTo(slot, repository, serving.descriptor.version(), () -> { });
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, "model " + slot.name + " stays on " + serving.backendName
                        + ": moving it to its preferred backend " + arrived.name() + " failed: " + e.getMessage());
            } finally {
                slot.admin.unlock();
            }
        }
    }

    private static boolean isWaitingFor(ModelSlot slot, InferenceBackend backend) {
        return slot.serving == null && slot.wanted != null && slot.state == ModelState.UNAVAILABLE
                && backend.formats().contains(slot.format);
    }

    /** An accelerator driver arrived (from the {@link PluginTracker}, or a test): probed, then models re-planned. */
    void addDriver(AcceleratorDriver driver, Map<String, Object> properties) {
        replanner.driverAdded(driver, properties);
    }

    void removeDriver(AcceleratorDriver driver, Map<String, Object> properties) {
        replanner.driverRemoved(driver, properties);
    }

    void removeBackend(InferenceBackend backend, Map<String, Object> properties) {
        retireBackends(backends.remove(backend, properties));
    }

    /**
     * A bundle is stopping or being uninstalled: the backends it provides leave now, while their classes still
     * work. SCR's unbind usually says the same a moment later (and then finds nothing left to do); when a
     * backend's bundle is uninstalled under load, Felix SCR 2.2.12 was seen not to call unbind at all.
     */
    private void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.STOPPING || event.getType() == BundleEvent.UNINSTALLED) {
            retireBackends(backends.removeFrom(event.getBundle()));
        }
    }

    private void retireBackends(List<BackendCatalog.Entry> departed) {
        if (departed.isEmpty()) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "backend " + departed.stream().map(BackendCatalog.Entry::name).toList() + " went away");
        // The backend's bundle is going away: close what runs on it now, not after its classes are gone.
        // The slot lock waits for a load in progress on it; that load sees the backend gone and undoes itself.
        for (ModelSlot slot : slots.values()) {
            slot.admin.lock();
            try {
                ServingVersion serving = slot.serving;
                if (serving != null && departed.contains(serving.backend) && !handOver(slot, serving)) {
                    retire(slot, ModelState.UNAVAILABLE, "backend '" + serving.backendName
                            + "' went away; waiting for a backend that runs format '" + serving.descriptor.format() + "'");
                }
            } finally {
                slot.admin.unlock();
            }
        }
        ExecutorService executor = background;
        if (executor != null) {
            executor.execute(this::serveWaitingModels);
        }
    }

    /**
     * Moves a model off a departing backend onto the next one for its format, if any: the old version keeps serving
     * while the new one loads, and is drained before this returns, so the departing backend closes nothing in use.
     *
     * @return true when another backend serves the model now
     */
    private boolean handOver(ModelSlot slot, ServingVersion serving) {
        if (backends.bestFor(serving.descriptor.format(), serving.descriptor.backend()).isEmpty()) {
            return false;
        }
        try {
            switcher.switchTo(slot, repository, serving.descriptor.version(), () -> { });
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "model " + slot.name + " could not move off backend '" + serving.backendName
                    + "': " + e.getMessage());
            return false;
        }
        try {
            serving.retire().get(drainSeconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, slot.name + " " + serving.version() + " on " + serving.backendName
                    + " did not drain cleanly: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    // ---- InferenceService: the hot path ----

    @Override
    public InferenceResponse infer(String model, InferenceRequest request) {
        return infer(model, null, request);
    }

    @Override
    public InferenceResponse infer(String model, String version, InferenceRequest request) {
        ModelSlot slot = slots.get(model);
        ServingVersion serving = slot == null ? null : slot.serving;
        if (serving == null || !serving.acquire()) {
            serving = retryAcquire(model, slot, serving);
        }
        try {
            if (version != null && !version.equals(serving.version())) {
                throw new ModelUnavailableException("version " + version + " of model '" + model
                        + "' is not loaded; the active version is " + serving.version());
            }
            serving.contract.check(request.inputs(), request.outputs());
            List<Tensor> outputs;
            try {
                outputs = serving.model.run(request.inputs(), request.outputs());
            } catch (ModelgateException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new InferenceFailedException("model '" + model + "' " + serving.version() + " failed on "
                        + serving.backendName + ": " + e.getMessage(), e);
            }
            return new InferenceResponse(model, serving.version(), request.id(), outputs);
        } finally {
            serving.release();
        }
    }

    /** The slow path: the version was swapped between the read and the acquire, or nothing serves. */
    private ServingVersion retryAcquire(String model, ModelSlot slot, ServingVersion stale) {
        if (slot != null) {
            ServingVersion current = slot.serving;
            if (current != null && current != stale && current.acquire()) {
                return current;
            }
            String reason = slot.reason == null ? "" : ": " + slot.reason;
            throw new ModelUnavailableException("model '" + model + "' is " + slot.state.name().toLowerCase() + reason);
        }
        if (repository.contains(model)) {
            throw new ModelUnavailableException("model '" + model + "' is not loaded; load it with POST /v2/repository/models/"
                    + model + "/load or mg:load " + model);
        }
        throw notFound(model);
    }

    // ---- ModelRegistry ----

    @Override
    public List<ModelInfo> models() {
        TreeSet<String> names = new TreeSet<>(repository.modelNames());
        names.addAll(slots.keySet());
        return names.stream().map(this::info).toList();
    }

    @Override
    public Optional<ModelInfo> model(String name) {
        if (slots.containsKey(name) || repository.contains(name)) {
            return Optional.of(info(name));
        }
        return Optional.empty();
    }

    @Override
    public ModelInfo load(String name) {
        ServingVersion before = slots.containsKey(name) ? slots.get(name).serving : null;
        ModelInfo info = loadActive(name);
        ServingVersion after = slots.get(name).serving;
        if (after != null && after != before) {
            audit.record("model.loaded", name, after.descriptor.version(), Map.of("backend", String.valueOf(info.backend())));
        }
        return info;
    }

    /** Loads the active version; what {@link #load} does, without the audit entry (autoload at boot). */
    private ModelInfo loadActive(String name) {
        requireInRepository(name);
        ModelSlot slot = slot(name);
        slot.admin.lock();
        try {
            SemanticVersion version = repository.activeVersion(name).orElseThrow(() -> new ModelLoadException(
                    "model '" + name + "' has no version folder (" + repository.root().resolve(name) + "/<version>/model.json)"));
            ServingVersion serving = slot.serving;
            if (serving == null || !serving.descriptor.version().equals(version)) {
                if (repository.committedVersion(name).isPresent()) {
                    switcher.switchTo(slot, repository, version, () -> { });
                } else {
                    lifecycle.activate(slot, version, false); // the first version to serve: its first commit
                }
            }
        } finally {
            slot.admin.unlock();
        }
        return info(name);
    }

    @Override
    public ModelInfo unload(String name) {
        ModelSlot slot = slots.get(name);
        if (slot == null) {
            requireInRepository(name);
            return info(name);
        }
        ServingVersion serving = slot.serving;
        retire(slot, ModelState.UNLOADED, null);
        if (serving != null) {
            audit.record("model.unloaded", name, serving.descriptor.version(), Map.of());
        }
        return info(name);
    }

    @Override
    public ModelInfo activate(String name, String version) {
        requireInRepository(name);
        List<SemanticVersion> versions = repository.versions(name);
        SemanticVersion target = SemanticVersion.isValid(version) ? SemanticVersion.parse(version) : null;
        if (target == null || !versions.contains(target)) {
            throw new ModelNotFoundException("model '" + name + "' has no version '" + version + "'; its versions are "
                    + versions.stream().map(Object::toString).toList());
        }
        ModelSlot slot = slot(name);
        slot.admin.lock();
        try {
            lifecycle.activate(slot, target, false);
        } finally {
            slot.admin.unlock();
        }
        return info(name);
    }

    @Override
    public ModelInfo rollback(String name) {
        requireInRepository(name);
        ModelSlot slot = slot(name);
        slot.admin.lock();
        try {
            ServingVersion serving = slot.serving;
            SemanticVersion current = serving != null ? serving.descriptor.version()
                    : repository.activeVersion(name).orElseThrow(() -> notFound(name));
            lifecycle.activate(slot, lifecycle.previousCommitted(name, current), true);
        } finally {
            slot.admin.unlock();
        }
        return info(name);
    }

    @Override
    public ModelInfo install(Path versionFolder) {
        ModelDescriptor installed = lifecycle.install(versionFolder, packageReader);
        return info(installed.name());
    }

    @Override
    public ModelInfo remove(String name, String version) {
        requireInRepository(name);
        if (!SemanticVersion.isValid(version)) {
            throw new ModelNotFoundException("'" + version + "' is not a version (MAJOR.MINOR.PATCH)");
        }
        ModelSlot slot = slot(name);
        slot.admin.lock();
        try {
            lifecycle.remove(slot, SemanticVersion.parse(version));
        } finally {
            slot.admin.unlock();
        }
        return info(name);
    }

    @Override
    public List<VersionEvent> history(String name) {
        requireInRepository(name);
        return VersionHistory.read(repository.modelDirectory(name));
    }

    @Override
    public List<BackendInfo> backends() {
        return backends.all().stream().map(e -> new BackendInfo(e.name(), e.backend().version(), e.backend().formats(),
                e.bundle(), (int) slots.values().stream().filter(s -> {
                    ServingVersion serving = s.serving;
                    return serving != null && serving.backend == e;
                }).count())).toList();
    }

    @Override
    public List<AcceleratorInfo> accelerators() {
        return replanner.accelerators();
    }

    @Override
    public ProfileReport profile(String name, ProfileRequest request, ProfileListener progress) {
        requireInRepository(name);
        ProfileReport report = profiler.profile(name, request == null ? ProfileRequest.defaults() : request,
                progress == null ? ProfileListener.NONE : progress);
        if (report.winner() != null) {
            audit.record("model.profiled", name, SemanticVersion.parse(report.version()), Map.of("backend",
                    report.winner().backend(), "driver", report.winner().driver(), "threads",
                    Integer.toString(report.winner().threads())));
        }
        return report;
    }

    @Override
    public Optional<ProfileReport> lastProfile(String name) {
        requireInRepository(name);
        return profiler.last(name);
    }

    // ---- helpers ----

    private ModelSlot slot(String name) {
        return slots.computeIfAbsent(name, ModelSlot::new);
    }

    private void requireInRepository(String name) {
        if (!repository.contains(name)) {
            throw notFound(name);
        }
    }

    private ModelNotFoundException notFound(String name) {
        return new ModelNotFoundException("no model '" + name + "' in the repository " + repository.root()
                + "; models are " + repository.modelNames());
    }

    private ModelInfo info(String name) {
        return ModelInfos.describe(name, slots.get(name), repository);
    }

    /** Takes a slot out of service: new requests are refused at once, running ones drain, then the model closes. */
    private void retire(ModelSlot slot, ModelState state, String reason) {
        ServingVersion old;
        slot.admin.lock();
        try {
            old = slot.serving;
            slot.serving = null;
            if (state == ModelState.UNLOADED) {
                slot.wanted = null;
            }
            slot.setState(state, reason);
        } finally {
            slot.admin.unlock();
        }
        if (old != null) {
            try {
                old.retire().get(drainSeconds, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.log(System.Logger.Level.WARNING, slot.name + " " + old.version() + " still has " + old.runningRequests()
                        + " running request(s) after " + drainSeconds + " s; it closes when they end");
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.log(System.Logger.Level.WARNING, "closing " + slot.name + " " + old.version() + " failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void serveWaitingModels() {
        for (ModelSlot slot : slots.values()) {
            SemanticVersion wanted = slot.wanted;
            if (slot.serving == null && slot.state == ModelState.LOADING && wanted != null
                    && backends.bestFor(slot.format).isEmpty()) {
                // announced LOADING for a backend that left again before the load began
                slot.admin.lock();
                try {
                    if (slot.serving == null && slot.state == ModelState.LOADING && backends.bestFor(slot.format).isEmpty()) {
                        slot.setState(ModelState.UNAVAILABLE, "waiting for a backend that runs format '" + slot.format + "'");
                    }
                } finally {
                    slot.admin.unlock();
                }
                continue;
            }
            if (slot.serving == null && isWaiting(slot.state) && wanted != null && backends.bestFor(slot.format).isPresent()) {
                slot.admin.lock();
                try {
                    if (slot.serving == null && isWaiting(slot.state) && slot.wanted != null) {
                        switcher.switchTo(slot, repository, slot.wanted, () -> { });
                    }
                } catch (ModelgateException e) {
                    LOG.log(System.Logger.Level.WARNING, "model " + slot.name + " could not be served again: " + e.getMessage());
                } catch (RuntimeException | LinkageError e) {
                    slot.setState(ModelState.FAILED, e.toString());
                    LOG.log(System.Logger.Level.ERROR, "serving model " + slot.name + " again failed", e);
                } finally {
                    slot.admin.unlock();
                }
            }
        }
    }

    private static boolean isWaiting(ModelState state) {
        return state == ModelState.UNAVAILABLE || state == ModelState.LOADING;
    }

    private void loadLogged(String name) {
        try {
            ModelInfo info = loadActive(name);
            LOG.log(System.Logger.Level.INFO, "model " + name + " " + info.version() + " is " + info.state()
                    + (info.backend() == null ? "" : " on " + info.backend()));
        } catch (ModelgateException e) {
            ModelSlot slot = slots.get(name);
            boolean waiting = slot != null && slot.state == ModelState.UNAVAILABLE;
            LOG.log(waiting ? System.Logger.Level.INFO : System.Logger.Level.WARNING, e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            slot(name).setState(ModelState.FAILED, e.toString());
            LOG.log(System.Logger.Level.ERROR, "loading model " + name + " failed", e);
        }
    }
}
