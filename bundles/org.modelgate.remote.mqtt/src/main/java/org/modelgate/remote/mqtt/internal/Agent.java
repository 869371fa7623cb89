package org.modelgate.remote.mqtt.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.modelgate.audit.AuditLog;
import org.modelgate.remote.CommandSignatures;
import org.modelgate.remote.RemoteCommand;
import org.modelgate.remote.mqtt.link.TlsSockets;
import org.modelgate.remote.mqtt.spool.Spool;
import org.modelgate.remote.mqtt.link.Json;

/**
 * The agent itself, without OSGi: the broker link, commands answered on a small pool of worker threads, the retained
 * state republished on change, the spool drained. {@link RemoteAgent} runs one per configuration.
 */
final class Agent implements BrokerLink.Listener {
    private static final Logger LOG = Logger.getLogger(Agent.class.getName());
    /** User property on every answer: the answering gateway's device name. */
    static final String DEVICE_PROPERTY = "device";
    /** Seconds an answer may wait in the broker for its controller (MQTT 5 message expiry). */
    static final long ANSWER_EXPIRY_SECONDS = 3600;
    static final int ANSWERS_KEPT = 1000;
    static final Duration ANSWERS_RETENTION = Duration.ofHours(24);
    private static final long STATE_POLL_MILLIS = 2000;
    private static final long STATE_MIN_INTERVAL_MILLIS = 1000;

    private final AgentSettings settings;
    private final Topics topics;
    private final Supplier<Spool> spool;
    private final Supplier<Map<String, Object>> state;
    private final CommandDispatcher dispatcher;
    private final BrokerLink link;
    private final SpoolDrain drain;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService scheduler;
    private final Thread drainThread;
    private final AtomicBoolean stateCheckPending = new AtomicBoolean();
    private final AtomicLong busy = new AtomicLong();
    private volatile byte[] lastState;
    private volatile long lastStateMillis;

    Agent(AgentSettings settings, Supplier<Map<String, RemoteCommand>> commands, Supplier<Spool> spool,
            Supplier<AuditLog> audit, Supplier<Map<String, Object>> state, Clock clock) {
        this.settings = settings;
        this.topics = new Topics(settings.fleet(), settings.device(), settings.groups());
        this.spool = spool;
        this.state = state;
        SocketFactory sockets = settings.usesTls() ? TlsSockets.of(settings.caFile(), settings.certFile(), settings.keyFile()) : null;
        this.dispatcher = new CommandDispatcher(settings.device(), commands, new ControllerKeys(settings.trustStore()),
                new AnswerLog(settings.dataFolder(), ANSWERS_KEPT, ANSWERS_RETENTION, clock), settings.maxPayloadBytes(),
                clock, audit);
        this.link = new BrokerLink(settings, topics, sockets, this, new Backoff(1000, 60_000));
        this.drain = new SpoolDrain(spool, link, topics);
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(settings.commandThreads(), settings.commandThreads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(256), r -> daemon(r, "modelgate-remote-command-" + n.incrementAndGet()));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "modelgate-remote-state"));
        this.drainThread = daemon(drain, "modelgate-remote-spool");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void start() {
        link.start();
        drainThread.start();
        scheduler.scheduleWithFixedDelay(() -> checkState(false), STATE_POLL_MILLIS, STATE_POLL_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    void stop() {
        drain.stop();
        drainThread.interrupt();
        scheduler.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.stop();
    }

    /** Stops as a crash would (no {@code offline}, no DISCONNECT): for tests of the Last Will. */
    void crash() {
        drain.stop();
        drainThread.interrupt();
        scheduler.shutdownNow();
        workers.shutdownNow();
        link.crash();
    }

    /** Something changed (a bundle event): check the state soon, at most once a second. */
    void stateMayHaveChanged() {
        if (stateCheckPending.compareAndSet(false, true)) {
            try {
                scheduler.schedule(() -> {
                    stateCheckPending.set(false);
                    checkState(false);
                }, STATE_MIN_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // stopping
            }
        }
    }

    @Override
    public void connected() {
        LOG.log(Level.INFO, "remote agent connected to {0} as {1}", new Object[] {link.broker(), link.clientId()});
        lastState = null;
        try {
            scheduler.execute(() -> checkState(true));
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    private synchronized void checkState(boolean force) {
        if (!link.isConnected()) {
            return;
        }
        try {
            byte[] now = Json.write(stateDocument());
            if (!force && Arrays.equals(now, lastState)) {
                return;
            }
            long wait = lastStateMillis + STATE_MIN_INTERVAL_MILLIS - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            if (link.publish(topics.state(), now, 1, true, null) == null) {
                lastState = now;
                lastStateMillis = System.currentTimeMillis();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "remote agent: cannot publish the state", e);
        }
    }

    Map<String, Object> stateDocument() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("fleet", settings.fleet());
        document.put("device", settings.device());
        document.put("groups", settings.groups());
        document.putAll(state.get());
        return document;
    }

    @Override
    public void message(String topic, MqttMessage message) {
        // On Paho's thread: copy what is needed and hand off; never block here.
        topics.anyCommand(topic).ifPresent(command -> {
            MqttProperties in = message.getProperties();
            String responseTopic = in == null || in.getResponseTopic() == null ? topics.reply() : in.getResponseTopic();
            byte[] correlation = in == null ? null : in.getCorrelationData();
            CommandDispatcher.Request request = new CommandDispatcher.Request(command.command(), command.group(),
                    message.getPayload(), userProperty(in, CommandSignatures.SIGNATURE_PROPERTY),
                    userProperty(in, CommandSignatures.KEY_PROPERTY));
            try {
                workers.execute(() -> answer(request, responseTopic, correlation));
            } catch (RejectedExecutionException e) {
                busy.incrementAndGet();
                LOG.log(Level.WARNING, "remote agent: {0} commands waiting, {1} dropped (no answer sent)",
                        new Object[] {workers.getQueue().size(), command.command()});
            }
        });
    }

    private void answer(CommandDispatcher.Request request, String responseTopic, byte[] correlation) {
        byte[] answer = dispatcher.answer(request);
        MqttProperties out = new MqttProperties();
        if (correlation != null) {
            out.setCorrelationData(correlation);
        }
        out.setContentType("application/json");
        // An answer nobody fetched within the hour is dropped by the broker; a resend of the id gets it again
        out.setMessageExpiryInterval(ANSWER_EXPIRY_SECONDS);
        // Who answered: group answers from every gateway of the group share one topic.
        out.setUserProperties(List.of(new UserProperty(DEVICE_PROPERTY, settings.device())));
        String failed = link.publish(responseTopic, answer, 1, false, out);
        if (failed != null) {
            LOG.log(Level.WARNING, "remote agent: answer to {0} not sent: {1}", new Object[] {request.command(), failed});
        }
    }

    private static String userProperty(MqttProperties properties, String name) {
        if (properties == null || properties.getUserProperties() == null) {
            return null;
        }
        List<UserProperty> all = properties.getUserProperties();
        return all.stream().filter(p -> p.getKey().equals(name)).map(UserProperty::getValue).findFirst().orElse(null);
    }

    /** @return what mg:remote shows */
    AgentStatus status() {
        Spool queue = spool.get();
        return new AgentStatus(link.state().name(), link.broker(), link.clientId(), topics.commandFilters(), topics.status(),
                queue == null ? null : queue.counts(), drain.sent(), dispatcher.answered.get(), dispatcher.refused.get(),
                dispatcher.replayed.get(), busy.get(), link.connections(), link.lastError(), null);
    }

    Topics topics() {
        return topics;
    }
}
