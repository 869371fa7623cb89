package org.modelgate.remote.mqtt.interop;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.modelgate.json.JsonDocumentException;
import org.modelgate.json.StrictJson;

/** The agent's answers, {@code {"id": ..., "ok": ..., "result" | "error": ...}}, read back as JSON values. */
final class Answers {
    private Answers() {
    }

    /**
     * Reads an answer.
     *
     * @param text the answer's payload
     * @return its fields
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(String text) {
        Object value;
        try {
            value = StrictJson.read(text.strip().getBytes(StandardCharsets.UTF_8));
        } catch (JsonDocumentException e) {
            throw new AssertionError("not JSON: " + text + " (" + e.getMessage() + ")", e);
        }
        if (!(value instanceof Map)) {
            throw new AssertionError("not a JSON object: " + text);
        }
        return (Map<String, Object>) value;
    }
}
