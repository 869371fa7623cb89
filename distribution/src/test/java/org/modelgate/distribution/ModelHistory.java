package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The models' history.jsonl files of an unpacked distribution, as the gateway wrote them. */
record ModelHistory(Path home) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The model's history.jsonl, one JSON object per event; empty when there is none yet. */
    List<JsonNode> events(String model) throws IOException {
        Path file = home.resolve("models").resolve(model).resolve("history.jsonl");
        List<JsonNode> events = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    events.add(JSON.readTree(line));
                }
            }
        }
        return events;
    }

    /** The kinds of the model's events in order ("TRIAL", "COMMITTED", "CRASHED", ...). */
    List<String> kinds(String model) throws IOException {
        return events(model).stream().map(e -> e.get("event").asText()).toList();
    }

    /** The reason of the model's last event of this kind; fails when there is no such event. */
    String lastReason(String model, String kind) throws IOException {
        String reason = null;
        for (JsonNode event : events(model)) {
            if (event.get("event").asText().equals(kind)) {
                reason = event.path("reason").asText("");
            }
        }
        assertThat(reason).as("a %s event in %s", kind, events(model)).isNotNull();
        return reason;
    }
}
