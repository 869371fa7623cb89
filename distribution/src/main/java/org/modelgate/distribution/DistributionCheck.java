package org.modelgate.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.modelgate.launcher.Feature;
import org.modelgate.launcher.FeatureReader;
import org.modelgate.launcher.LauncherException;

/**
 * Build tool (not shipped): checks that system/ holds exactly the bundles its features name, no
 * more, no less. The pom lists the bundles for Maven to fetch and the features list them for the
 * launcher; this keeps the two lists from drifting apart. Reads the features with the launcher's
 * own reader, so a feature the launcher would reject fails the build.
 *
 * <p>Arguments: {@code <system folder>}; features are read from {@code <system>/features}.
 */
public final class DistributionCheck {

    private DistributionCheck() {
    }

    public static void main(String[] args) throws IOException, LauncherException {
        Path system = Path.of(args[0]);
        Path featuresDir = system.resolve("features");
        Set<Path> named = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        List<String> featureNames = new ArrayList<>();
        try (Stream<Path> files = Files.list(featuresDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.json$", "");
                Feature feature = FeatureReader.read(name, file);
                featureNames.add(name);
                if (feature.id().contains("@")) {
                    problems.add("feature " + name + " has an unfiltered id " + feature.id());
                }
                for (Feature.Bundle bundle : feature.bundles()) {
                    Path jar = bundle.artifact().pathIn(system);
                    named.add(jar.toAbsolutePath().normalize());
                    if (!Files.isRegularFile(jar)) {
                        problems.add("feature " + name + " names " + bundle.artifact() + " but " + system.relativize(jar)
                                + " is missing (add it to the distribution pom's dependencies)");
                    }
                }
            }
        }
        try (Stream<Path> files = Files.walk(system)) {
            for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
                if (!named.contains(jar.toAbsolutePath().normalize())) {
                    problems.add(system.relativize(jar) + " is in system/ but no feature names it");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("system/ does not match the features:\n  " + String.join("\n  ", problems));
        }
        System.out.println("[distribution] system/ holds the " + named.size() + " bundles of features " + featureNames);
    }
}
