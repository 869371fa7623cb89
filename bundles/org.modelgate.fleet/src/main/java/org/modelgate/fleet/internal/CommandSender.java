package org.modelgate.fleet.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.modelgate.fleet.ControllerKey;
import org.modelgate.fleet.FleetSettings;
import org.modelgate.remote.CommandSignatures;
import org.modelgate.remote.mqtt.link.Json;

/**
 * Sends signed commands to devices and waits for their answers: request/response over MQTT 5 (response topic
 * {@code modelgate/{fleet}/controller/replies/{clientId}}, correlation data = the command id). A command without an
 * answer is sent again with the <b>same id</b> every {@code commandTimeout} until its deadline: the agent runs an id
 * once and answers a repeat with its first answer. Answers nobody waits for (late, duplicated) are counted and
 * dropped.
 */
final class CommandSender {
    /** An agent's answer. */
    record Answer(boolean ok, Object result, String error) {
        @SuppressWarnings("unchecked")
        Map<String, Object> resultObject() {
            return result instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        }
    }

    private final ControllerLink link;
    private final FleetTopics topics;
    private final ControllerKey key;
    private final Clock clock;
    private final FleetSettings settings;
    private final Map<String, CompletableFuture<Answer>> pending = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong unexpected = new AtomicLong();

    CommandSender(ControllerLink link, FleetTopics topics, ControllerKey key, Clock clock, FleetSettings settings) {
        this.link = link;
        this.topics = topics;
        this.key = key;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Sends a command and waits for its answer.
     *
     * @param device the device
     * @param command the command ({@code deploy}, {@code activate}, {@code rollback}, ...)
     * @param id the command id (deterministic per step, so a restarted controller gets the first answer again)
     * @param body the body
     * @param deadline when to give up (by the controller's clock)
     * @param cancelled checked between tries: true stops the wait
     * @return the answer
     * @throws TimeoutException when no answer came by the deadline (or the wait was cancelled)
     */
    Answer call(String device, String command, String id, Map<String, Object> body, Instant deadline,
            BooleanSupplier cancelled) throws TimeoutException, InterruptedException {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            while (true) {
                send(device, command, id, body);
                long wait = Math.min(settings.commandTimeout().toMillis(),
                        Math.max(1, Duration.between(clock.instant(), deadline).toMillis()));
                try {
                    return answer.get(wait, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (!clock.instant().isBefore(deadline) || cancelled.getAsBoolean()) {
                        throw new TimeoutException("no answer from " + device + " to '" + command + "' (id " + id + ")");
                    }
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            pending.remove(id);
        }
    }

    private void send(String device, String command, String id, Map<String, Object> body) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", id);
        envelope.put("expires", clock.instant().plus(settings.commandExpiry()).toString());
        envelope.put("body", body);
        byte[] payload = Json.write(envelope);
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(topics.replies());
        properties.setCorrelationData(id.getBytes(StandardCharsets.UTF_8));
        properties.setContentType("application/json");
        properties.setMessageExpiryInterval(settings.commandExpiry().toSeconds());
        properties.setUserProperties(List.of(
                new UserProperty(CommandSignatures.SIGNATURE_PROPERTY,
                        CommandSignatures.signBase64(command, payload, key.privateKey())),
                new UserProperty(CommandSignatures.KEY_PROPERTY, key.id())));
        // A refused or failed publish is like a lost message: the next try sends it again.
        if (link.publish(topics.command(device, command), payload, false, properties) == null) {
            sent.incrementAndGet();
        }
    }

    /** An answer arrived on the reply topic (Paho's thread). */
    void answer(MqttMessage message) {
        byte[] correlation = message.getProperties() == null ? null : message.getProperties().getCorrelationData();
        Map<String, Object> json;
        try {
            json = Json.object(message.getPayload());
        } catch (IllegalArgumentException e) {
            unexpected.incrementAndGet();
            return;
        }
        String id = correlation != null ? new String(correlation, StandardCharsets.UTF_8) : String.valueOf(json.get("id"));
        CompletableFuture<Answer> waiting = pending.get(id);
        if (waiting == null || waiting.isDone()) {
            unexpected.incrementAndGet(); // late (after its timeout) or a duplicate: the first answer counted
            return;
        }
        waiting.complete(new Answer(Boolean.TRUE.equals(json.get("ok")), json.get("result"),
                json.get("error") == null ? "" : String.valueOf(json.get("error"))));
    }

    long sent() {
        return sent.get();
    }

    long unexpectedAnswers() {
        return unexpected.get();
    }
}
