package org.modelgate.fleet.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.modelgate.fleet.AbortCriteria;
import org.modelgate.fleet.DeviceQuery;
import org.modelgate.fleet.FleetException;
import org.modelgate.fleet.GateMetric;
import org.modelgate.fleet.QualityGate;
import org.modelgate.fleet.Rollout;
import org.modelgate.fleet.RolloutPlan;
import org.modelgate.remote.CommandSignatures;
import org.modelgate.remote.mqtt.link.Json;

/**
 * Rollouts managed by a remote operator over MQTT: {@code modelgate/{fleet}/controller/cmd/rollout}, the agents'
 * envelope ({@code {"id", "expires", "body"}}, answered on the response topic with the correlation data, else on
 * {@code modelgate/{fleet}/controller/reply}) and signatures (user properties {@code signature} and {@code key}, a
 * controller key of the trust store; every action is signed). The body's {@code action}: {@code list},
 * {@code status} ({@code rollout}), {@code create} ({@code package}, {@code target}, {@code stages},
 * {@code failurePercent}, {@code minDevices}, {@code perDeviceTimeoutSeconds}, {@code gates}, {@code production};
 * the signer is the creator), {@code approve} ({@code rollout}; the signer is the approver, the command's signature
 * the approval), {@code start}, {@code pause}, {@code resume}, {@code abort} ({@code rollout}, {@code reason}).
 * A repeated id gets its first answer again (the newest 1000 ids are kept in memory).
 */
final class OperatorCommands {
    private static final Logger LOG = Logger.getLogger(OperatorCommands.class.getName());
    private static final int KEPT_ANSWERS = 1000;

    private final FleetEngine engine;
    private final Approvals approvals;
    private final ControllerLink link;
    private final FleetTopics topics;
    private final Map<String, byte[]> answers = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > KEPT_ANSWERS;
        }
    };

    OperatorCommands(FleetEngine engine, Approvals approvals, ControllerLink link, FleetTopics topics) {
        this.engine = engine;
        this.approvals = approvals;
        this.link = link;
        this.topics = topics;
    }

    void handle(String command, MqttMessage message) {
        String id = null;
        byte[] answer;
        try {
            Map<String, Object> envelope = Json.object(message.getPayload());
            if (!(envelope.get("id") instanceof String text) || text.isEmpty() || text.length() > 128) {
                throw new FleetException("'id' is missing or not 1-128 characters");
            }
            id = text;
            if (!command.equals("rollout")) {
                throw new FleetException("unknown controller command '" + command + "'; known: rollout");
            }
            String signer = approvals.checkCommand(command, message.getPayload(), property(message,
                    CommandSignatures.SIGNATURE_PROPERTY), property(message, CommandSignatures.KEY_PROPERTY));
            synchronized (answers) {
                byte[] first = answers.get(id);
                if (first != null) {
                    reply(message, first);
                    return;
                }
            }
            if (!(envelope.get("expires") instanceof String expires) || Instant.parse(expires).isBefore(Instant.now())) {
                throw new FleetException("'expires' is missing or past");
            }
            Map<?, ?> body = envelope.get("body") instanceof Map<?, ?> m ? m : Map.of();
            answer = answer(id, true, run(body, signer), null);
            engine.recordAudit(signer, "fleet.operator." + body.get("action"), String.valueOf(body.get("rollout")),
                    Map.of("id", id, "outcome", "ok"));
        } catch (FleetException | IllegalArgumentException | DateTimeParseException | ClassCastException e) {
            answer = answer(id, false, null, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "fleet controller: operator command failed", e);
            answer = answer(id, false, null, "failed: " + e);
        }
        if (id != null) {
            synchronized (answers) {
                answers.put(id, answer);
            }
        }
        reply(message, answer);
    }

    private Object run(Map<?, ?> body, String signer) {
        String action = String.valueOf(body.get("action"));
        String rollout = body.get("rollout") == null ? "" : String.valueOf(body.get("rollout"));
        String reason = body.get("reason") == null ? "remote operator " + signer : String.valueOf(body.get("reason"));
        return switch (action) {
            case "list" -> engine.rollouts().stream().map(OperatorCommands::brief).toList();
            case "status" -> brief(engine.rollout(rollout).orElseThrow(() -> new FleetException("no rollout '" + rollout + "'")));
            case "create" -> brief(engine.create(plan(body), signer));
            case "approve" -> brief(engine.approveBySignedCommand(rollout, signer));
            case "start" -> brief(engine.start(rollout, reason));
            case "pause" -> brief(engine.pause(rollout, reason));
            case "resume" -> brief(engine.resume(rollout, reason));
            case "abort" -> brief(engine.abort(rollout, reason));
            default -> throw new FleetException("unknown action '" + action
                    + "'; known: list, status, create, approve, start, pause, resume, abort");
        };
    }

    static RolloutPlan plan(Map<?, ?> body) {
        if (!(body.get("package") instanceof String pkg)) {
            throw new FleetException("create needs 'package': the path of the .mgp on the controller");
        }
        RolloutPlan plan = RolloutPlan.of(Path.of(pkg), DeviceQuery.parse(body.get("target") == null ? "" : String.valueOf(body.get("target"))));
        if (body.get("stages") instanceof String stages) {
            plan = plan.withStages(RolloutCodec.stagePlan(stages));
        }
        if (body.get("failurePercent") != null || body.get("minDevices") != null || body.get("perDeviceTimeoutSeconds") != null) {
            AbortCriteria d = AbortCriteria.standard();
            plan = plan.withAbort(new AbortCriteria(number(body.get("failurePercent"), d.failurePercent()),
                    (int) number(body.get("minDevices"), d.minDevices()),
                    Duration.ofSeconds((long) number(body.get("perDeviceTimeoutSeconds"), d.perDeviceTimeout().toSeconds()))));
        }
        if (body.get("gates") instanceof List<?> gates) {
            List<QualityGate> parsed = new ArrayList<>();
            for (Object g : gates) {
                Map<?, ?> m = (Map<?, ?>) g;
                Duration soak = Duration.ofSeconds((long) number(m.get("soakSeconds"), 0));
                parsed.add(new QualityGate(GateMetric.of(String.valueOf(m.get("metric"))), number(m.get("threshold"), 0),
                        (long) number(m.get("minSamples"), 0), soak,
                        Duration.ofSeconds((long) number(m.get("timeoutSeconds"), Math.max(soak.toSeconds(), 3600)))));
            }
            plan = plan.withGates(parsed);
        }
        if (body.get("sha256") instanceof String sha) {
            plan = plan.withSha256(sha);
        }
        return plan.withProduction(Boolean.TRUE.equals(body.get("production")))
                .withDescription(body.get("description") == null ? "" : String.valueOf(body.get("description")));
    }

    private static double number(Object value, double otherwise) {
        return value instanceof Number n ? n.doubleValue() : otherwise;
    }

    static Map<String, Object> brief(Rollout r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", r.id());
        json.put("model", r.model());
        json.put("version", r.version());
        json.put("state", r.state().name());
        json.put("production", r.plan().production());
        json.put("creator", r.creatorKeyId());
        json.put("approver", r.approverKeyId());
        json.put("stage", r.currentStage());
        json.put("stages", r.stages().size());
        json.put("devices", r.targetDevices());
        json.put("updated", r.count(org.modelgate.fleet.DeviceOutcome.Outcome.UPDATED));
        json.put("skipped", r.skipped().stream().map(d -> Map.of("device", d.device(), "reason", d.reason())).toList());
        json.put("progress", r.progress());
        json.put("reason", r.reason());
        return json;
    }

    private static byte[] answer(String id, boolean ok, Object result, String error) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("ok", ok);
        if (ok) {
            json.put("result", result);
        } else {
            json.put("error", error);
        }
        return Json.write(json);
    }

    private void reply(MqttMessage request, byte[] answer) {
        MqttProperties in = request.getProperties();
        String topic = in != null && in.getResponseTopic() != null ? in.getResponseTopic() : topics.operatorReply();
        MqttProperties out = new MqttProperties();
        if (in != null && in.getCorrelationData() != null) {
            out.setCorrelationData(in.getCorrelationData());
        }
        out.setContentType("application/json");
        out.setMessageExpiryInterval(3600L);
        String refused = link.publish(topic, answer, false, out);
        if (refused != null) {
            LOG.log(Level.WARNING, "fleet controller: cannot answer an operator on {0}: {1}", new Object[] {topic, refused});
        }
    }

    private static String property(MqttMessage message, String name) {
        if (message.getProperties() == null || message.getProperties().getUserProperties() == null) {
            return null;
        }
        for (UserProperty p : message.getProperties().getUserProperties()) {
            if (p.getKey().equals(name)) {
                return p.getValue();
            }
        }
        return null;
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
