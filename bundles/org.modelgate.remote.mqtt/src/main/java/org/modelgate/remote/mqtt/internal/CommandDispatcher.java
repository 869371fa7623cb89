package org.modelgate.remote.mqtt.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.modelgate.audit.AuditLog;
import org.modelgate.json.JsonDocumentException;
import org.modelgate.json.StrictJson;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.CommandException;
import org.modelgate.remote.RemoteCommand;
import org.modelgate.remote.mqtt.link.Json;

/**
 * Checks a command request and runs it: size, JSON envelope, id, command known, signature (commands that change
 * the gateway), replay, expiry; then the command, whose answer is kept for replays. Every refusal is an answer naming
 * the problem; nothing here throws for a bad request. Called off Paho's threads (it may block on a run).
 */
final class CommandDispatcher {
    private static final Logger LOG = Logger.getLogger(CommandDispatcher.class.getName());
    private static final Pattern ID = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private final String device;
    private final Supplier<Map<String, RemoteCommand>> commands;
    private final ControllerKeys keys;
    private final AnswerLog answers;
    private final int maxPayloadBytes;
    private final Clock clock;
    private final Supplier<AuditLog> audit;
    final AtomicLong answered = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong replayed = new AtomicLong();

    /** A request as it came off the wire. */
    record Request(String command, String group, byte[] payload, String signature, String key) {
    }

    CommandDispatcher(String device, Supplier<Map<String, RemoteCommand>> commands, ControllerKeys keys,
            AnswerLog answers, int maxPayloadBytes, Clock clock, Supplier<AuditLog> audit) {
        this.device = device;
        this.commands = commands;
        this.keys = keys;
        this.answers = answers;
        this.maxPayloadBytes = maxPayloadBytes;
        this.clock = clock;
        this.audit = audit;
    }

    /**
     * Answers a request.
     *
     * @param request the request
     * @return the answer payload, JSON {@code {"id":..,"ok":..,"result"|"error":..}}; to a group command
     *     {@code {"id":..,"device":..,"ok":..,...}} (every gateway of the group answers on the same topic)
     */
    byte[] answer(Request request) {
        String id = null;
        String signer = null;
        try {
            if (request.payload().length > maxPayloadBytes) {
                throw new CommandException("payload of " + request.payload().length + " bytes is over the limit of "
                        + maxPayloadBytes + " bytes (maxPayloadBytes); send large content in chunks");
            }
            Map<?, ?> envelope = envelope(request.payload());
            id = id(envelope);
            Map<String, RemoteCommand> known = commands.get();
            RemoteCommand command = known.get(request.command());
            if (command == null) {
                throw new CommandException("unknown command '" + request.command() + "'; known: "
                        + String.join(", ", new TreeSet<>(known.keySet())));
            }
            if (command.changesState()) {
                signer = keys.verify(request.command(), request.payload(), request.signature(), request.key());
            }
            CompletableFuture<byte[]> first = answers.claim(id);
            if (first != null) {
                replayed.incrementAndGet();
                byte[] again = first.get();
                audit(request, id, signer, "replay: the first answer was sent again; the command did not run again");
                return again;
            }
            return run(request, command, envelope, id, signer);
        } catch (CommandException e) {
            refused.incrementAndGet();
            if (id != null && commands.get().containsKey(request.command())) {
                audit(request, id, signer, "refused: " + e.getMessage());
            }
            LOG.log(Level.FINE, "refused {0} {1}: {2}", new Object[] {request.command(), id, e.getMessage()});
            return error(request, id, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(request, id, "the agent is stopping; send the request again");
        } catch (ExecutionException e) {
            return error(request, id, "the first run of this id failed: " + e.getCause());
        }
    }

    private byte[] run(Request request, RemoteCommand command, Map<?, ?> envelope, String id, String signer) {
        byte[] answer;
        String outcome;
        String refusedOrFailed = "refused: "; // until the checks pass; then the command's own error
        try {
            Instant expires = expires(envelope, command.changesState(), request.command());
            Object body = envelope.get("body");
            if (body != null && !(body instanceof Map)) {
                throw new CommandException("\"body\" must be a JSON object, not " + body.getClass().getSimpleName());
            }
            refusedOrFailed = "failed: ";
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = body == null ? Map.of() : (Map<String, Object>) body;
            Object result = command.run(new CommandCall(request.command(), id, fields, signer, expires, request.group()));
            Map<String, Object> ok = head(request, id);
            ok.put("ok", true);
            ok.put("result", result);
            answer = Json.write(ok);
            outcome = "ok";
            answered.incrementAndGet();
        } catch (CommandException e) {
            answer = error(request, id, e.getMessage());
            outcome = refusedOrFailed + e.getMessage();
            refused.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "command " + request.command() + " " + id + " failed", e);
            answer = error(request, id, "command '" + request.command() + "' failed: " + e);
            outcome = "failed: " + e;
            refused.incrementAndGet();
        }
        answers.complete(id, answer);
        audit(request, id, signer, outcome);
        return answer;
    }

    private static Map<?, ?> envelope(byte[] payload) {
        Object value;
        try {
            value = StrictJson.read(payload);
        } catch (JsonDocumentException e) {
            throw new CommandException("malformed JSON: " + e.getMessage());
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new CommandException("the request must be a JSON object {\"id\": ..., \"expires\": ..., \"body\": {...}}");
        }
        return map;
    }

    private static String id(Map<?, ?> envelope) {
        Object id = envelope.get("id");
        if (!(id instanceof String text)) {
            throw new CommandException("the request has no \"id\" (a string unique per controller)");
        }
        if (!ID.matcher(text).matches()) {
            throw new CommandException("\"id\" must be 1 to 128 printable ASCII characters without spaces");
        }
        return text;
    }

    private Instant expires(Map<?, ?> envelope, boolean mutating, String command) {
        Object value = envelope.get("expires");
        if (value == null) {
            if (mutating) {
                throw new CommandException("command '" + command + "' changes the gateway and needs \"expires\""
                        + " (ISO-8601, e.g. 2026-12-07T06:00:00Z)");
            }
            return null;
        }
        Instant expires;
        try {
            expires = Instant.parse(String.valueOf(value));
        } catch (DateTimeParseException e) {
            throw new CommandException("\"expires\" is not an ISO-8601 instant such as 2026-12-07T06:00:00Z: " + value);
        }
        if (!expires.isAfter(clock.instant())) {
            throw new CommandException("expired at " + expires + " (now " + clock.instant() + "); send a new request");
        }
        return expires;
    }

    private byte[] error(Request request, String id, String message) {
        Map<String, Object> answer = head(request, id);
        answer.put("ok", false);
        answer.put("error", message);
        return Json.write(answer);
    }

    /** {@code id}, and for a group command {@code device}: who answered, as all answers share one topic. */
    private Map<String, Object> head(Request request, String id) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        if (request.group() != null) {
            answer.put("device", device);
        }
        return answer;
    }

    private void audit(Request request, String id, String signer, String outcome) {
        AuditLog log = audit.get();
        if (log == null) {
            return;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("id", id);
        details.put("signer", signer == null ? "unsigned" : signer);
        if (request.group() != null) {
            details.put("group", request.group());
        }
        details.put("outcome", outcome.length() > 500 ? outcome.substring(0, 500) + "..." : outcome);
        try {
            log.record(signer == null ? "remote" : "remote:" + signer, "remote.command", request.command() + " " + id, details);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot audit remote command " + request.command() + " " + id + ": " + e.getMessage(), e);
        }
    }
}
