package org.modelgate.remote;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One checked request to a {@link RemoteCommand}.
 *
 * @param command the command's name
 * @param id the request id, unique per controller; the answer repeats it and a replay of it gets the first answer
 * @param body the request's {@code body} as JSON values (objects as maps, arrays as lists); empty when it had none
 * @param signer who signed it: the trusted controller key's id, or null for an unsigned (read-only) request
 * @param expires when the request stops being valid, or null when it carries no expiry (read-only requests only)
 * @param group the group the request was addressed to ({@code modelgate/{fleet}/group/{group}/cmd/...}), or null
 *     when it was sent to this device
 */
@ProviderType
public record CommandCall(String command, String id, Map<String, Object> body, String signer, Instant expires,
        String group) {
    /**
     * Checks the required parts and copies the body.
     *
     * @param command the command's name
     * @param id the request id
     * @param body the body; null is taken as empty
     * @param signer the signer, or null
     * @param expires the expiry, or null
     * @param group the group, or null
     */
    public CommandCall {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(id, "id");
        body = body == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(body));
    }

    /**
     * A text field of the body.
     *
     * @param field the field
     * @return its value
     * @throws CommandException when the field is missing or not a string
     */
    public String text(String field) {
        Object value = body.get(field);
        if (value instanceof String s && !s.isEmpty()) {
            return s;
        }
        throw new CommandException("command '" + command + "' needs a text field \"" + field + "\" in its body"
                + (value == null ? "" : ", not " + value));
    }

    /**
     * An optional text field of the body.
     *
     * @param field the field
     * @param fallback the value when the field is absent
     * @return its value, or the fallback
     * @throws CommandException when the field is present but not a string
     */
    public String text(String field, String fallback) {
        return body.containsKey(field) ? text(field) : fallback;
    }
}
