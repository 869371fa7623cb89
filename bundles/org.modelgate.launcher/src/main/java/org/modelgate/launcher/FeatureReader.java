package org.modelgate.launcher;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads OSGi Feature JSON (1.0): {@code id}, {@code bundles} as objects with {@code id} and
 * optional {@code start-order}, {@code configurations}, {@code variables} and
 * {@code framework-properties}. Other keys (title, description, ...) are ignored. Comments are
 * allowed, as the Feature specification permits.
 */
public final class FeatureReader {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    private final Path directory;

    /** @param directory where {@code <name>.json} files are looked up */
    public FeatureReader(Path directory) {
        this.directory = directory;
    }

    /** Reads the feature named {@code name} from {@code <directory>/<name>.json}. */
    public Feature read(String name) throws LauncherException {
        Path file = directory.resolve(name + ".json");
        if (!Files.isRegularFile(file)) {
            throw LauncherException.configError("Feature '" + name + "' not found: " + file + " does not exist."
                    + " Available features: " + available());
        }
        return read(name, file);
    }

    /** Reads one feature file. */
    public static Feature read(String name, Path file) throws LauncherException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw LauncherException.configError("Feature file " + file + " is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw LauncherException.configError("Cannot read feature file " + file + ": " + e.getMessage(), e);
        }
        String where = "feature " + file.getFileName();
        if (root == null || !root.isObject()) {
            throw LauncherException.configError(where + " must be a JSON object");
        }
        JsonNode version = root.get("feature-resource-version");
        if (version != null && !version.asText().startsWith("1.")) {
            throw LauncherException.configError(where + " has feature-resource-version " + version.asText() + "; 1.x is supported");
        }
        JsonNode id = root.get("id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw LauncherException.configError(where + " has no \"id\" (group:artifact:version)");
        }
        return new Feature(name, id.asText(), scalars(root.get("variables"), where + " \"variables\""),
                scalars(root.get("framework-properties"), where + " \"framework-properties\""),
                bundles(root.get("bundles"), where), configurations(root.get("configurations"), where), file);
    }

    private static List<Feature.Bundle> bundles(JsonNode bundles, String where) throws LauncherException {
        List<Feature.Bundle> result = new ArrayList<>();
        if (bundles == null) {
            return result;
        }
        if (!bundles.isArray()) {
            throw LauncherException.configError(where + ": \"bundles\" must be an array");
        }
        for (int i = 0; i < bundles.size(); i++) {
            JsonNode bundle = bundles.get(i);
            String at = where + " bundles[" + i + "]";
            if (bundle.isTextual()) {
                // The Feature 1.0 format writes bundles as objects; some tools drop plain strings silently.
                throw LauncherException.configError(at + " is a plain string; write it as {\"id\": \"" + bundle.asText() + "\"}");
            }
            JsonNode id = bundle.get("id");
            if (!bundle.isObject() || id == null || !id.isTextual()) {
                throw LauncherException.configError(at + " must be an object with an \"id\" (group:artifact:version)");
            }
            ArtifactCoordinates artifact;
            try {
                artifact = ArtifactCoordinates.parse(id.asText());
            } catch (IllegalArgumentException e) {
                throw LauncherException.configError(at + ": " + e.getMessage());
            }
            result.add(new Feature.Bundle(artifact, startOrder(bundle.get("start-order"), at)));
        }
        return result;
    }

    private static int startOrder(JsonNode node, String where) throws LauncherException {
        if (node == null || node.isNull()) {
            return Feature.DEFAULT_START_ORDER;
        }
        try {
            int order = node.isInt() ? node.asInt() : Integer.parseInt(node.asText().trim());
            if (order >= 1) {
                return order;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw LauncherException.configError(where + ": \"start-order\" must be a whole number >= 1, got " + node);
    }

    private static Map<String, Map<String, Object>> configurations(JsonNode node, String where) throws LauncherException {
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        if (node == null) {
            return result;
        }
        if (!node.isObject()) {
            throw LauncherException.configError(where + ": \"configurations\" must be an object of PID to properties");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> pid = it.next();
            String at = where + " configuration " + pid.getKey();
            if (!pid.getValue().isObject()) {
                throw LauncherException.configError(at + " must be an object of properties");
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> p = pid.getValue().fields(); p.hasNext();) {
                Map.Entry<String, JsonNode> property = p.next();
                properties.put(property.getKey(), value(property.getValue(), at + " property " + property.getKey()));
            }
            result.put(pid.getKey(), properties);
        }
        return result;
    }

    private static Map<String, Object> scalars(JsonNode node, String where) throws LauncherException {
        Map<String, Object> result = new LinkedHashMap<>();
        if (node == null) {
            return result;
        }
        if (!node.isObject()) {
            throw LauncherException.configError(where + " must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isValueNode()) {
                throw LauncherException.configError(where + ": " + entry.getKey() + " must be a string, number or boolean");
            }
            result.put(entry.getKey(), value(entry.getValue(), where));
        }
        return result;
    }

    private static Object value(JsonNode node, String where) throws LauncherException {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            for (JsonNode element : node) {
                if (!element.isValueNode()) {
                    throw LauncherException.configError(where + ": arrays may hold only strings, numbers and booleans");
                }
                list.add(value(element, where));
            }
            return list;
        }
        throw LauncherException.configError(where + ": objects are not configuration values");
    }

    private String available() {
        try (Stream<Path> files = Files.list(directory)) {
            List<String> names = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json"))
                    .map(f -> f.substring(0, f.length() - 5)).sorted().toList();
            return names.isEmpty() ? "none in " + directory : String.join(", ", names);
        } catch (IOException e) {
            return "none (" + directory + " cannot be listed)";
        }
    }
}
