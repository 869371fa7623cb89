package org.modelgate.launcher;

import java.nio.file.Path;

/**
 * Maven coordinates of a bundle as a feature names them: {@code group:artifact:version} or
 * {@code group:artifact:type:classifier:version} (the Feature specification's form).
 */
public record ArtifactCoordinates(String groupId, String artifactId, String version, String type, String classifier) {

    /** Parses {@code g:a:v}, {@code g:a:t:v} or {@code g:a:t:c:v}. */
    public static ArtifactCoordinates parse(String id) {
        String[] parts = id.split(":", -1);
        for (String part : parts) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("'" + id + "' is not group:artifact:version");
            }
        }
        return switch (parts.length) {
            case 3 -> new ArtifactCoordinates(parts[0], parts[1], parts[2], "jar", null);
            case 4 -> new ArtifactCoordinates(parts[0], parts[1], parts[3], parts[2], null);
            case 5 -> new ArtifactCoordinates(parts[0], parts[1], parts[4], parts[2], parts[3]);
            default -> throw new IllegalArgumentException("'" + id + "' is not group:artifact:version");
        };
    }

    /** The file in a Maven-layout repository: {@code g/r/o/u/p/artifact/version/artifact-version[-classifier].type}. */
    public Path pathIn(Path repository) {
        String file = artifactId + "-" + version + (classifier == null ? "" : "-" + classifier) + "." + type;
        return repository.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version).resolve(file);
    }

    /**
     * The bundle location used in the framework. It does not depend on where the distribution is
     * unpacked, so moving the folder keeps the cache valid.
     */
    public String location() {
        return "mvn:" + groupId + "/" + artifactId + "/" + version
                + (classifier == null ? (type.equals("jar") ? "" : "/" + type) : "/" + type + "/" + classifier);
    }

    @Override
    public String toString() {
        return groupId + ":" + artifactId + (classifier == null ? (type.equals("jar") ? "" : ":" + type) : ":" + type + ":" + classifier)
                + ":" + version;
    }
}
