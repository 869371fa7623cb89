package org.modelgate.core.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.modelgate.api.AcceleratorInfo;
import org.modelgate.api.BackendInfo;
import org.modelgate.api.ChallengerInfo;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.InferenceService;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.ProfileListener;
import org.modelgate.api.ProfileReport;
import org.modelgate.api.ProfileRequest;
import org.modelgate.api.SafeMode;
import org.modelgate.api.TrafficSplit;
import org.modelgate.api.VersionEvent;
import org.modelgate.audit.AuditLog;
import org.modelgate.host.ModelHosts;
import org.modelgate.spi.AcceleratorDriver;
import org.modelgate.spi.EnergyMeter;
import org.modelgate.spi.InferenceBackend;
import org.modelgate.spi.InferenceRecordSink;
import org.modelgate.spi.KeyProvider;
import org.modelgate.spi.ModelPackageReader;
import org.modelgate.spi.ModelTrust;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The model registry and the inference router as one DS component: it takes the configuration and the services, and
 * wires the parts that do the work, all on one {@link ModelTable} (the registry changing what each slot serves, the
 * router reading it). {@link ModelRouter} runs requests, {@link VersionOperations} carries out what an operator asks,
 * {@link BackendArrivals} and {@link Replanner} follow backends and accelerator drivers, {@link WaitingModels} serves
 * what waited for one of them, {@link StartupRecovery} deals with what the last run left.
 */
@Component(service = { ModelRegistry.class, InferenceService.class }, configurationPid = RegistryConfig.PID, immediate = true)
@Designate(ocd = RegistryConfig.class)
public class ModelRegistryService implements ModelRegistry, InferenceService {
    private static final System.Logger LOG = System.getLogger(ModelRegistryService.class.getName());

    private final BackendCatalog backends = new BackendCatalog();
    private final ModelTable table = new ModelTable();
    private final InferenceRecorder recorder = new InferenceRecorder();
    private final ModelRouter router = new ModelRouter(table, recorder);
    private final TrustGate trust = new TrustGate();
    /** Package-visible so tests can write small segments. */
    final AtRestEncryption encryption = new AtRestEncryption();
    private final ExecutionPlanner planner = new ExecutionPlanner();
    private final ModelSwitcher switcher = new ModelSwitcher(backends, trust, encryption, planner);
    private final AuditTrail audit = new AuditTrail();
    /** Where the repository's writes go; tests put a layer here that cuts the power at chosen points. */
    DurableFiles files = DurableFiles.SYSTEM;
    /** Package-visible so tests can add a meter without a framework. */
    final EnergyMeters energyMeters = new EnergyMeters();
    private volatile ExecutorService background;
    private final BackendArrivals arrivals = new BackendArrivals(backends, table, switcher, () -> this.background,
            this::serveWaitingModels);
    private final Replanner replanner = new Replanner(table.slots, switcher, planner, backends, table::repository,
            () -> this.background);
    private final ModelProfiler profiler = new ModelProfiler(table.slots, switcher, planner, backends,
            new VerifiedContent(trust, encryption), table::repository, energyMeters);
    private PluginTracker<AcceleratorDriver> driverTracker;
    private volatile StartupRecovery startup;
    private volatile VersionOperations operations;
    private volatile WaitingModels waiting;
    private volatile ChallengerOperations challengers;
    /** The core bundle's version ("requires": {"gateway": ...}); tests set it, the framework gives it in activate. */
    volatile Version coreVersion = Version.emptyVersion;
    private volatile String deviceType = "";

    @Activate
    void activate(RegistryConfig config) {
        ModelRepository repository = new ModelRepository(Path.of(config.repository()), files);
        table.repository = repository;
        trust.require(config.requireSignatures());
        encryption.configure(config.encryptAtRest());
        VersionRetention retention = new VersionRetention(repository, config.keepVersions(), audit);
        VersionInstaller installer = new VersionInstaller(repository, retention, audit, trust, encryption);
        deviceType = config.deviceType() == null ? "" : config.deviceType().trim();
        installer.checkRequirements(this::gatewayFacts);
        installer.useQuota(DiskQuota.ofMegabytes(config.diskQuotaMB()), table::slot);
        VersionLifecycle lifecycle = new VersionLifecycle(repository, switcher, retention, audit);
        lifecycle.sandboxTrials = config.sandboxTrials();
        lifecycle.backendPresent = format -> backends.bestFor(format).isPresent();
        lifecycle.backendNames = backends::names;
        if (!ModelDescriptor.ISOLATION_PROCESS.equals(config.isolation())
                && !ModelDescriptor.ISOLATION_IN_PROCESS.equals(config.isolation())) {
            LOG.log(System.Logger.Level.WARNING, "isolation '" + config.isolation() + "' of " + RegistryConfig.PID
                    + " is neither 'in-process' nor 'process'; models run in-process");
        }
        switcher.defaultIsolation = config.isolation();
        CrashQuarantine quarantine = new CrashQuarantine(repository, Path.of(config.crashReports()), audit);
        QuarantineFallback fallback = new QuarantineFallback(table, switcher, quarantine, audit, () -> this.background);
        switcher.quarantine = quarantine;
        switcher.hostGivenUp = fallback::hostGivenUp;
        startup = new StartupRecovery(quarantine, lifecycle, files, Math.max(0, config.safeModeCrashes()),
                Duration.ofSeconds(Math.max(0, config.safeModeWindowSeconds())));
        SafeModeGuard safeMode = startup.recover();
        table.drainSeconds = config.drainTimeoutSeconds();
        switcher.loadTimeoutSeconds = Math.max(1, config.loadTimeoutSeconds());
        waiting = new WaitingModels(table, backends, switcher, lifecycle, quarantine, safeMode);
        challengers = new ChallengerOperations(table, switcher, retention, quarantine, audit);
        operations = new VersionOperations(table, switcher, lifecycle, installer, retention, quarantine, fallback, safeMode,
                audit, () -> this.background);
        background = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "modelgate-registry");
            thread.setDaemon(true);
            return thread;
        });
        LOG.log(System.Logger.Level.INFO, "model repository " + repository.root());
        Bundle self = FrameworkUtil.getBundle(getClass());
        if (self != null) {
            coreVersion = self.getVersion();
        }
        BundleContext bundleContext = self == null ? null : self.getBundleContext(); // null in unit tests
        if (bundleContext != null) {
            arrivals.open(bundleContext); // binds the backends present now, before the models load
            driverTracker = new PluginTracker<>(bundleContext, AcceleratorDriver.class, replanner::driverAdded,
                    replanner::driverRemoved);
            driverTracker.open(); // and the accelerator drivers (their probes finish before a model is planned)
        }
        if (config.autoload()) {
            operations.autoload();
        }
    }

    @Deactivate
    void deactivate() {
        arrivals.close();
        if (driverTracker != null) {
            driverTracker.close();
            driverTracker = null;
        }
        ExecutorService executor = background;
        background = null;
        if (executor != null) { // null when activate failed half-way
            executor.shutdownNow();
            try {
                executor.awaitTermination(table.drainSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        table.retireAll();
        planner.close();
        if (startup != null) {
            startup.stopped();
        }
    }

    /** Models that wait for a backend, the device key or a model host load now that it is here (background thread). */
    private void serveWaitingModels() {
        WaitingModels models = waiting;
        if (models != null) {
            models.serve();
        }
    }

    private void serveWaitingModelsLater() {
        ExecutorService executor = background;
        if (executor != null) {
            executor.execute(this::serveWaitingModels);
        }
    }

    // ---- services and plugins ----

    /** Model host processes, for sandboxed trials and isolation=process models. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setModelHosts(ModelHosts modelHosts) {
        switcher.hosts = modelHosts;
        serveWaitingModelsLater(); // isolated models that waited for a host
    }

    void unsetModelHosts(ModelHosts modelHosts) {
        if (switcher.hosts == modelHosts) {
            switcher.hosts = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ModelPackageReader packageReader;

    /** The record stream (bundle org.modelgate.monitor): one record per inference while it is present. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setInferenceRecordSink(InferenceRecordSink sink) {
        recorder.use(sink);
    }

    void unsetInferenceRecordSink(InferenceRecordSink sink) {
        recorder.forget(sink);
    }

    /** The inputs of recent requests (bundle org.modelgate.monitor): what profiling runs a model on without golden samples. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setRecentInputs(org.modelgate.spi.RecentInputs recent) {
        profiler.observeWith(recent);
    }

    void unsetRecentInputs(org.modelgate.spi.RecentInputs recent) {
        profiler.forget(recent);
    }

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
        serveWaitingModelsLater(); // models encrypted at rest that waited for a key load now
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

    /** An energy meter (whiteboard): profiling reports the joules of every meter that reads. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addEnergyMeter(EnergyMeter meter) {
        energyMeters.add(meter);
    }

    void removeEnergyMeter(EnergyMeter meter) {
        energyMeters.remove(meter);
    }

    /** A backend arrived (from the {@link PluginTracker}, or a test). */
    void addBackend(InferenceBackend backend, Map<String, Object> properties) {
        arrivals.added(backend, properties);
    }

    void removeBackend(InferenceBackend backend, Map<String, Object> properties) {
        arrivals.removed(backend, properties);
    }

    /** An accelerator driver arrived (from the {@link PluginTracker}, or a test): probed, then models re-planned. */
    void addDriver(AcceleratorDriver driver, Map<String, Object> properties) {
        replanner.driverAdded(driver, properties);
    }

    void removeDriver(AcceleratorDriver driver, Map<String, Object> properties) {
        replanner.driverRemoved(driver, properties);
    }

    // ---- InferenceService: the hot path is the router's ----

    @Override
    public InferenceResponse infer(String model, InferenceRequest request) {
        return router.infer(model, null, request);
    }

    @Override
    public InferenceResponse infer(String model, String version, InferenceRequest request) {
        return router.infer(model, version, request);
    }

    // ---- ModelRegistry ----

    @Override
    public List<ModelInfo> models() {
        return table.models();
    }

    @Override
    public Optional<ModelInfo> model(String name) {
        return table.model(name);
    }

    @Override
    public ModelInfo load(String name) {
        return operations.load(name, false);
    }

    @Override
    public ModelInfo load(String name, boolean force) {
        return operations.load(name, force);
    }

    @Override
    public ModelInfo unload(String name) {
        return operations.unload(name);
    }

    @Override
    public ModelInfo activate(String name, String version) {
        return operations.activate(name, version, false);
    }

    @Override
    public ModelInfo activate(String name, String version, boolean force) {
        return operations.activate(name, version, force);
    }

    @Override
    public ModelInfo rollback(String name) {
        return operations.rollback(name);
    }

    @Override
    public ModelInfo install(Path versionFolder) {
        return operations.install(versionFolder, packageReader);
    }

    @Override
    public ModelInfo remove(String name, String version) {
        return operations.remove(name, version);
    }

    @Override
    public long requestsInFlight(String name) {
        ModelSlot slot = table.slots.get(name);
        return slot == null ? 0 : Math.max(0, slot.inflight.running());
    }

    @Override
    public List<org.modelgate.api.BatchStatistics> batchStatistics(String name) {
        ModelSlot slot = table.slots.get(name);
        if (slot == null) {
            return List.of();
        }
        List<org.modelgate.api.BatchStatistics> stats = new java.util.ArrayList<>(2);
        ServingVersion serving = slot.serving;
        if (serving != null && serving.batcher != null) {
            stats.add(serving.batcher.counters.snapshot());
        }
        Challenger challenger = slot.challenger;
        if (challenger != null && challenger.serving.batcher != null && challenger.serving != serving) {
            stats.add(challenger.serving.batcher.counters.snapshot());
        }
        return stats;
    }

    @Override
    public Optional<Map<String, Object>> modelJson(String name, String version) {
        ModelRepository repository = table.repository;
        return repository == null ? Optional.empty() : repository.modelJson(name, version);
    }

    @Override
    public List<VersionEvent> history(String name) {
        return operations.history(name);
    }

    @Override
    public List<BackendInfo> backends() {
        return arrivals.present();
    }

    /** What this gateway offers now (CPU, max heap, available accelerators, backends' formats, version, device type). */
    GatewayFacts gatewayFacts() {
        Set<String> formats = new java.util.TreeSet<>();
        backends.all().forEach(entry -> formats.addAll(entry.backend().formats()));
        Set<String> available = new java.util.TreeSet<>();
        accelerators().stream().filter(AcceleratorInfo::available).forEach(a -> available.add(a.name()));
        return new GatewayFacts(GatewayFacts.localArch(), GatewayFacts.localMaxMemoryMb(), available, formats, coreVersion,
                deviceType);
    }

    @Override
    public List<AcceleratorInfo> accelerators() {
        return replanner.accelerators();
    }

    @Override
    public ProfileReport profile(String name, ProfileRequest request, ProfileListener progress) {
        table.requireInRepository(name);
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
        table.requireInRepository(name);
        return profiler.last(name);
    }

    @Override
    public SafeMode safeMode() {
        return operations.safeMode();
    }

    @Override
    public SafeMode leaveSafeMode() {
        return operations.leaveSafeMode();
    }

    @Override
    public ChallengerInfo startChallenger(String name, String version, TrafficSplit split) {
        return challengers.start(name, version, java.util.Objects.requireNonNull(split, "split"));
    }

    @Override
    public ModelInfo endChallenger(String name, boolean promote, String evidence) {
        return challengers.end(name, promote, evidence);
    }

    @Override
    public Optional<ChallengerInfo> challenger(String name) {
        return challengers.view(name);
    }
}
