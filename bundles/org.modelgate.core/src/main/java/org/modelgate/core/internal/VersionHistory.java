package org.modelgate.core.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.modelgate.api.VersionEvent;
import org.modelgate.json.StrictJson;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * A model's version history: {@code <repository>/<name>/history.jsonl}, one JSON object per event,
 * appended and fsynced before the change it records is reported. A torn last line (power cut while
 * appending) is skipped when read.
 */
final class VersionHistory {
    static final String FILE_NAME = "history.jsonl";
    private static final JsonFactory JSON = new JsonFactory();

    private VersionHistory() {
    }

    static void append(DurableFiles files, Path modelDir, SemanticVersion version, VersionEvent.Kind kind, String reason) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (JsonGenerator out = JSON.createGenerator(line)) {
            out.writeStartObject();
            out.writeStringField("time", Instant.now().toString());
            out.writeStringField("version", version.toString());
            out.writeStringField("event", kind.name());
            if (reason != null) {
                out.writeStringField("reason", reason);
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        line.write('\n');
        try {
            files.appendDurably(modelDir.resolve(FILE_NAME), line.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record " + kind + " of " + modelDir.getFileName() + " " + version
                    + " in " + modelDir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
    }

    static List<VersionEvent> read(Path modelDir) {
        List<String> lines;
        try {
            lines = Files.readAllLines(modelDir.resolve(FILE_NAME), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + modelDir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
        List<VersionEvent> events = new ArrayList<>();
        for (String line : lines) {
            VersionEvent event = parse(line);
            if (event != null) {
                events.add(event);
            }
        }
        return events;
    }

    private static VersionEvent parse(String line) {
        try {
            if (!(StrictJson.read(line.getBytes(StandardCharsets.UTF_8)) instanceof Map<?, ?> map)) {
                return null;
            }
            Object reason = map.get("reason");
            return new VersionEvent(Instant.parse((String) map.get("time")), (String) map.get("version"),
                    VersionEvent.Kind.valueOf((String) map.get("event")), reason == null ? null : reason.toString());
        } catch (IOException | RuntimeException e) {
            return null; // a torn or foreign line: the history is advisory, the active file is the truth
        }
    }

    /** The versions that were committed, oldest first (a version committed twice appears twice). */
    static List<SemanticVersion> committed(Path modelDir) {
        return read(modelDir).stream().filter(e -> e.kind() == VersionEvent.Kind.COMMITTED)
                .map(e -> SemanticVersion.parse(e.version())).toList();
    }

    /**
     * The versions in quarantine: those whose last event is {@link VersionEvent.Kind#CRASHED}. A forced
     * activation records a TRIAL after it, which lifts the quarantine.
     */
    static java.util.Set<SemanticVersion> quarantined(Path modelDir) {
        Map<String, VersionEvent.Kind> last = new java.util.HashMap<>();
        for (VersionEvent event : read(modelDir)) {
            last.put(event.version(), event.kind());
        }
        java.util.Set<SemanticVersion> versions = new java.util.TreeSet<>();
        last.forEach((version, kind) -> {
            if (kind == VersionEvent.Kind.CRASHED && SemanticVersion.isValid(version)) {
                versions.add(SemanticVersion.parse(version));
            }
        });
        return versions;
    }

    /** The reason of the last CRASHED event of a version, or null. */
    static String crashReason(Path modelDir, SemanticVersion version) {
        String reason = null;
        for (VersionEvent event : read(modelDir)) {
            if (event.kind() == VersionEvent.Kind.CRASHED && event.version().equals(version.toString())) {
                reason = event.reason();
            }
        }
        return reason;
    }
}
