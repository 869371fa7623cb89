package org.modelgate.fleet.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.modelgate.audit.AuditLog;
import org.modelgate.fleet.ControllerKey;
import org.modelgate.fleet.ControllerStatus;
import org.modelgate.fleet.Device;
import org.modelgate.fleet.DeviceOutcome;
import org.modelgate.fleet.DeviceOutcome.Outcome;
import org.modelgate.fleet.DeviceQuery;
import org.modelgate.fleet.FleetController;
import org.modelgate.fleet.FleetException;
import org.modelgate.fleet.FleetSettings;
import org.modelgate.fleet.Rollout;
import org.modelgate.fleet.RolloutPlan;
import org.modelgate.fleet.RolloutState;
import org.modelgate.fleet.internal.federated.DeviceCalls;
import org.modelgate.remote.mqtt.link.Json;

/**
 * The controller without OSGi: what the DS component wraps, and what a simulation or a test builds in one JVM.
 *
 * <pre>
 * try (FleetEngine fleet = new FleetEngine(FleetSettings.of("tcp://127.0.0.1:1884", "plant-7", stateDir, trustDir),
 *         Clock.systemUTC(), ControllerKey.fromPemFile(keyFile, "ops-a"), null)) {
 *     fleet.start();
 *     Rollout r = fleet.create(RolloutPlan.of(mgp, DeviceQuery.group("lab")), "ops-a");
 *     fleet.start(r.id(), "release");
 * }
 * </pre>
 *
 * <p>Threads: Paho's callback thread only files messages (registry, answers) and hands operator commands off; one
 * ticker thread advances every rollout (stages, abort criteria, gates, rollbacks), persists what changed and
 * publishes the retained summaries; {@code parallelDevices} worker threads run the device tasks.
 */
public final class FleetEngine implements FleetController, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FleetEngine.class.getName());
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final long TICK_MILLIS = 100;
    private static final long PUBLISH_INTERVAL_MILLIS = 1000;

    private final FleetSettings settings;
    private final Clock clock;
    private final ControllerKey key;
    private final AuditLog audit;
    private final FleetTopics topics;
    private final ControllerLink link;
    private final CommandSender sender;
    private final DeviceRegistry registry = new DeviceRegistry();
    private final RolloutStore store;
    private final Approvals approvals;
    private final Stages stages;
    private final OperatorCommands operator;
    private final Map<String, RolloutRecord> rollouts = new LinkedHashMap<>();
    private final Map<String, Long> published = new java.util.concurrent.ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;
    private final ExecutorService workers;
    private final ExecutorService operatorThread;
    private volatile String lastError = "";
    private volatile boolean started;

    /**
     * Builds a controller; nothing connects before {@link #start()}.
     *
     * @param settings broker, fleet, state folder, trust store
     * @param clock the clock of timeouts, soak and timestamps
     * @param key the controller's signing key
     * @param audit where approvals and operator actions are recorded, or null
     * @throws FleetException when a setting cannot be used (plain TCP to a remote host, a TLS file)
     */
    public FleetEngine(FleetSettings settings, Clock clock, ControllerKey key, AuditLog audit) {
        this.settings = settings;
        this.clock = clock;
        this.key = key;
        this.audit = audit;
        this.topics = new FleetTopics(settings.fleet(), settings.clientId());
        try {
            this.link = new ControllerLink(settings, topics, new ControllerLink.Listener() {
                @Override
                public void connected() {
                    published.clear(); // publish every rollout again on a new connection
                }

                @Override
                public void message(String topic, MqttMessage message) {
                    onMessage(topic, message);
                }
            });
        } catch (IllegalArgumentException e) {
            throw new FleetException(e.getMessage(), e);
        }
        this.sender = new CommandSender(link, topics, key, clock, settings);
        this.store = new RolloutStore(settings.stateDir());
        this.approvals = new Approvals(settings.trustDir());
        this.workers = Executors.newFixedThreadPool(settings.parallelDevices(), r -> daemon(r, "modelgate-fleet-device"));
        this.stages = new Stages(clock, registry, new DeviceTasks(sender, clock, settings), new GateJudge(registry), workers,
                settings.parallelDevices(), this::recordAudit, this::persist);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "modelgate-fleet-rollouts"));
        this.operatorThread = Executors.newSingleThreadExecutor(r -> daemon(r, "modelgate-fleet-operator"));
        this.operator = new OperatorCommands(this, approvals, link, topics);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Reads the persisted rollouts, connects (in the background, retrying) and resumes every running rollout. */
    public synchronized void start() {
        if (started) {
            return;
        }
        try {
            for (RolloutRecord r : store.load()) {
                stages.resumed(r);
                rollouts.put(r.id, r);
            }
        } catch (IOException e) {
            throw new FleetException("the controller's state folder " + store.folder() + " cannot be read: " + e, e);
        }
        started = true;
        link.start();
        ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Disconnects and stops the threads; the state stays on disk. */
    @Override
    public void close() {
        ticker.shutdownNow();
        operatorThread.shutdownNow();
        stages.stop();
        workers.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (RolloutRecord r : records()) {
            persist(r);
        }
        link.stop();
    }

    private void onMessage(String topic, MqttMessage message) {
        if (topic.equals(topics.replies())) {
            sender.answer(message);
            return;
        }
        Optional<String> operatorCommand = topics.operatorCommand(topic);
        if (operatorCommand.isPresent()) {
            operatorThread.execute(() -> operator.handle(operatorCommand.get(), message));
            return;
        }
        topics.device(topic).ifPresent(d -> {
            switch (d.leaf()) {
                case "status" -> registry.status(d.device(), message.getPayload(), clock.instant());
                case "state" -> registry.state(d.device(), message.getPayload(), clock.instant());
                case "telemetry" -> registry.telemetry(d.device(), message.getPayload(), seq(message), clock.instant());
                default -> { }
            }
        });
    }

    private static Long seq(MqttMessage message) {
        if (message.getProperties() == null || message.getProperties().getUserProperties() == null) {
            return null;
        }
        for (UserProperty p : message.getProperties().getUserProperties()) {
            if (p.getKey().equals("seq")) {
                try {
                    return Long.parseLong(p.getValue());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private void tick() {
        try {
            for (RolloutRecord r : records()) {
                synchronized (r) {
                    stages.advance(r, clock.instant());
                }
                persist(r);
                publish(r);
            }
        } catch (RuntimeException e) {
            lastError = "rollout tick: " + e;
            LOG.log(Level.SEVERE, "fleet controller: a rollout step failed", e);
        }
    }

    private List<RolloutRecord> records() {
        synchronized (rollouts) {
            return new ArrayList<>(rollouts.values());
        }
    }

    private void persist(RolloutRecord r) {
        synchronized (r) {
            if (!r.dirty) {
                return;
            }
            try {
                store.save(r.id, Json.write(RolloutCodec.write(r)));
                r.dirty = false;
            } catch (IOException e) {
                lastError = "cannot persist rollout " + r.id + " in " + store.folder() + ": " + e.getMessage();
                LOG.log(Level.SEVERE, "fleet controller: {0}", lastError);
                throw new UncheckedIOException(e);
            }
        }
    }

    private void publish(RolloutRecord r) {
        long now = System.currentTimeMillis();
        Long last = published.get(r.id);
        byte[] summary;
        synchronized (r) {
            if (!r.unpublished && last != null) {
                return;
            }
            if (last != null && now - last < PUBLISH_INTERVAL_MILLIS && !r.state.ended()) {
                return;
            }
            summary = Json.write(RolloutCodec.summary(r));
            r.unpublished = false;
        }
        if (link.publish(topics.rollout(r.id), summary, true, null) == null) {
            published.put(r.id, now);
        } else {
            synchronized (r) {
                r.unpublished = true;
            }
        }
    }

    private RolloutRecord record(String id) {
        synchronized (rollouts) {
            RolloutRecord r = rollouts.get(id);
            if (r == null) {
                throw new FleetException("no rollout '" + id + "' (mg:rollout status lists them)");
            }
            return r;
        }
    }

    void recordAudit(String actor, String action, String subject, Map<String, String> details) {
        if (audit == null) {
            return;
        }
        try {
            audit.record(actor, action, subject, details);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "fleet controller: cannot audit " + action + " " + subject + ": " + e);
        }
    }

    @Override
    public List<Device> devices(DeviceQuery query) {
        return registry.devices(query == null ? DeviceQuery.all() : query);
    }

    @Override
    public Optional<Device> device(String id) {
        return registry.device(id);
    }

    @Override
    public Rollout create(RolloutPlan plan, String creatorKeyId) {
        if (creatorKeyId == null || creatorKeyId.isBlank()) {
            throw new FleetException("a rollout needs its creator's controller key id");
        }
        PackageInfo info = PackageInfo.read(plan.packageFile());
        if (!plan.sha256().isEmpty() && !plan.sha256().equals(info.sha256())) {
            throw new FleetException("package " + plan.packageFile() + " has SHA-256 " + info.sha256() + ", the plan expects "
                    + plan.sha256() + "; nothing was created");
        }
        List<String> targets = new ArrayList<>();
        List<DeviceOutcome> skipped = new ArrayList<>();
        for (Device d : registry.devices(plan.target())) {
            List<String> unmet = info.requires().unmet(d);
            if (!unmet.isEmpty()) {
                skipped.add(new DeviceOutcome(d.id(), Outcome.SKIPPED, String.join("; ", unmet), "", clock.instant()));
            } else if (d.model(info.model()).map(m -> m.active().equals(info.version())).orElse(false)) {
                skipped.add(new DeviceOutcome(d.id(), Outcome.SKIPPED, "already serves " + info.model() + " "
                        + info.version(), "", clock.instant()));
            } else {
                targets.add(d.id());
            }
        }
        if (targets.isEmpty()) {
            throw new FleetException("no device of target '" + plan.target() + "' can take " + info.model() + " "
                    + info.version() + ": " + (skipped.isEmpty() ? "the registry has no such device"
                    : skipped.size() + " skipped, e.g. " + skipped.get(0).device() + ": " + skipped.get(0).reason()));
        }
        String id = "r-" + ID_TIME.format(clock.instant()) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        RolloutRecord r = new RolloutRecord(id, info.model(), info.version(), info.sha256(), info.size(),
                plan.withSha256(info.sha256()), creatorKeyId, clock.instant(),
                plan.production() ? RolloutState.AWAITING_APPROVAL : RolloutState.DRAFT);
        r.skipped.addAll(skipped);
        Stages.cut(r, targets, clock.instant());
        synchronized (rollouts) {
            rollouts.put(id, r);
        }
        persist(r);
        recordAudit(creatorKeyId, "fleet.rollout.create", id, Map.of("model", r.model, "version", r.version,
                "devices", String.valueOf(targets.size()), "skipped", String.valueOf(skipped.size()),
                "production", String.valueOf(plan.production())));
        return r.snapshot();
    }

    @Override
    public Rollout approve(String rolloutId, String approverKeyId, byte[] signature) {
        RolloutRecord r = record(rolloutId);
        Rollout snapshot = r.snapshot();
        requireState(snapshot, RolloutState.AWAITING_APPROVAL, "approve");
        String approver = approvals.checkApproval(snapshot, approverKeyId, signature);
        return approved(r, approver);
    }

    /** Approval by a verified operator command (its signature is the approval). */
    Rollout approveBySignedCommand(String rolloutId, String signerKeyId) {
        RolloutRecord r = record(rolloutId);
        Rollout snapshot = r.snapshot();
        requireState(snapshot, RolloutState.AWAITING_APPROVAL, "approve");
        if (approvals.same(signerKeyId, snapshot.creatorKeyId())) {
            throw new FleetException("rollout " + rolloutId + " was created with key '" + snapshot.creatorKeyId()
                    + "': a production rollout needs the approval of a second controller key, not the creator's");
        }
        return approved(r, signerKeyId);
    }

    private Rollout approved(RolloutRecord r, String approver) {
        synchronized (r) {
            requireState(r.snapshot(), RolloutState.AWAITING_APPROVAL, "approve");
            r.approver = approver;
            r.state = RolloutState.DRAFT;
            r.touch(clock.instant());
        }
        persist(r);
        recordAudit(approver, "fleet.rollout.approve", r.id, Map.of("model", r.model, "version", r.version,
                "creator", r.creator, "approver", approver));
        return r.snapshot();
    }

    @Override
    public Rollout start(String rolloutId, String reason) {
        RolloutRecord r = record(rolloutId);
        synchronized (r) {
            if (r.state == RolloutState.AWAITING_APPROVAL) {
                throw new FleetException("rollout " + rolloutId + " is a production rollout awaiting the approval of a"
                        + " second controller key (mg:rollout approve " + rolloutId + " KEYFILE); it cannot start unapproved");
            }
            requireState(r.snapshot(), RolloutState.DRAFT, "start");
            r.state = RolloutState.RUNNING;
            r.reason = reason == null ? "" : reason;
            r.touch(clock.instant());
        }
        return changed(r, "fleet.rollout.start", reason);
    }

    @Override
    public Rollout pause(String rolloutId, String reason) {
        return transition(rolloutId, RolloutState.RUNNING, RolloutState.PAUSED, "pause", reason);
    }

    @Override
    public Rollout resume(String rolloutId, String reason) {
        return transition(rolloutId, RolloutState.PAUSED, RolloutState.RUNNING, "resume", reason);
    }

    /** Moves a rollout from {@code from} to {@code to} (refused, naming its state, when it is not in {@code from}). */
    private Rollout transition(String rolloutId, RolloutState from, RolloutState to, String action, String reason) {
        RolloutRecord r = record(rolloutId);
        synchronized (r) {
            requireState(r.snapshot(), from, action);
            r.state = to;
            r.reason = reason == null ? "" : reason;
            r.touch(clock.instant());
        }
        return changed(r, "fleet.rollout." + action, reason);
    }

    @Override
    public Rollout abort(String rolloutId, String reason) {
        RolloutRecord r = record(rolloutId);
        synchronized (r) {
            if (r.state.ended()) {
                throw new FleetException("rollout " + rolloutId + " has ended (" + r.state + "); nothing to abort");
            }
            Stages.abort(r, "aborted by an operator" + (reason == null || reason.isBlank() ? "" : ": " + reason),
                    clock.instant());
        }
        return changed(r, "fleet.rollout.abort", reason);
    }

    private Rollout changed(RolloutRecord r, String action, String reason) {
        persist(r);
        recordAudit(key.id(), action, r.id, Map.of("reason", reason == null ? "" : reason, "state", r.state.name()));
        return r.snapshot();
    }

    private static void requireState(Rollout r, RolloutState expected, String action) {
        if (r.state() != expected) {
            throw new FleetException("cannot " + action + " rollout " + r.id() + ": it is " + r.state() + " (" + action
                    + " needs " + expected + ")");
        }
    }

    @Override
    public Optional<Rollout> rollout(String rolloutId) {
        synchronized (rollouts) {
            RolloutRecord r = rollouts.get(rolloutId);
            return r == null ? Optional.empty() : Optional.of(r.snapshot());
        }
    }

    @Override
    public List<Rollout> rollouts() {
        return records().stream().map(RolloutRecord::snapshot).toList();
    }

    @Override
    public ControllerStatus status() {
        int count;
        synchronized (rollouts) {
            count = rollouts.size();
        }
        String error = lastError.isEmpty() ? link.lastError() : lastError;
        return new ControllerStatus(link.isConnected(), link.broker(), settings.fleet(), key.id(), registry.size(), count,
                error == null ? "" : error);
    }

    /** Commands sent (each try counted), for benchmarks. */
    public long commandsSent() {
        return sender.sent();
    }

    /** Answers that nobody waited for (late or duplicated), for tests and benchmarks. */
    public long unexpectedAnswers() {
        return sender.unexpectedAnswers();
    }

    /** Telemetry ignored as duplicated or late (its seq not above the last), for tests and benchmarks. */
    public long ignoredTelemetry() {
        return registry.ignoredTelemetry();
    }

    ControllerKey key() {
        return key;
    }

    /**
     * The signed device commands of this controller, for the federated aggregator (org.modelgate.fleet.internal.federated).
     *
     * @return calls over this controller's link, resent with the same id until answered
     */
    public DeviceCalls deviceCalls() {
        return new LinkDeviceCalls(registry, sender, settings);
    }

    /** The controller's settings (state folder, chunk size). */
    public FleetSettings settings() {
        return settings;
    }

    DeviceRegistry registry() {
        return registry;
    }
}
