package org.modelgate.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One OSGi Feature (JSON, format 1.0) as the launcher uses it. Configuration and variable values
 * are plain Java values as JSON gives them: String, Long, Double, Boolean, List.
 *
 * @param name                the name it is provisioned by (its file name without .json)
 * @param id                  the feature's Maven id, e.g. {@code org.modelgate.features:core:0.1.0}
 * @param variables           defaults for {@code ${name}} references in configurations
 * @param frameworkProperties framework properties this feature needs (overridable by etc/ and -D)
 * @param bundles             bundles in the order written
 * @param configurations      PID (or {@code factoryPid~name}) to its properties, keys possibly typed ({@code port:Integer})
 */
public record Feature(String name, String id, Map<String, Object> variables, Map<String, Object> frameworkProperties,
        List<Bundle> bundles, Map<String, Map<String, Object>> configurations, Path source) {

    /** The start-order a bundle gets when the feature gives none. */
    public static final int DEFAULT_START_ORDER = 20;

    /** A bundle of a feature and the start level it is started at. */
    public record Bundle(ArtifactCoordinates artifact, int startOrder) {
    }
}
