package org.modelgate.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * When bundles do not resolve for want of packages, names the features not in the set whose
 * bundles export them, so the report ends with what to do: "feature 'http' exports jakarta.servlet:
 * add it to modelgate.features". A hint, read from the Export-Package headers in system/; the
 * resolver's report above it stays the authority.
 */
final class FeatureHints {
    private static final Pattern PACKAGE = Pattern.compile("\\(osgi\\.wiring\\.package=([^)]+)\\)");

    private final Path featuresDirectory;
    private final Path system;
    private final Set<String> selected;

    FeatureHints(Path featuresDirectory, Path system, Collection<String> selected) {
        this.featuresDirectory = featuresDirectory;
        this.system = system;
        this.selected = Set.copyOf(selected);
    }

    /** One line per feature that exports a missing package; empty when none does. */
    String suggest(Collection<String> missingRequirements) {
        Set<String> packages = new TreeSet<>();
        for (String requirement : missingRequirements) {
            Matcher matcher = PACKAGE.matcher(requirement);
            if (requirement.startsWith("osgi.wiring.package") && matcher.find()) {
                packages.add(matcher.group(1));
            }
        }
        if (packages.isEmpty()) {
            return "";
        }
        Map<String, Set<String>> byFeature = new TreeMap<>();
        for (Feature feature : otherFeatures()) {
            for (String exported : exports(feature)) {
                if (packages.contains(exported)) {
                    byFeature.computeIfAbsent(feature.name(), f -> new TreeSet<>()).add(exported);
                }
            }
        }
        StringBuilder hints = new StringBuilder();
        byFeature.forEach((feature, exported) -> hints.append("\n  feature '").append(feature).append("' exports ")
                .append(String.join(", ", exported)).append(": add it to modelgate.features"));
        return hints.toString();
    }

    private List<Feature> otherFeatures() {
        List<Feature> features = new ArrayList<>();
        try (Stream<Path> files = Files.list(featuresDirectory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.json$", "");
                if (!selected.contains(name)) {
                    try {
                        features.add(FeatureReader.read(name, file));
                    } catch (LauncherException unreadable) {
                        // a broken feature file nobody asked for: no hint from it
                    }
                }
            }
        } catch (IOException e) {
            // no hints; the resolver's report stands alone
        }
        return features;
    }

    private Set<String> exports(Feature feature) {
        Set<String> packages = new LinkedHashSet<>();
        for (Feature.Bundle bundle : feature.bundles()) {
            Path file = bundle.artifact().pathIn(system);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try (JarFile jar = new JarFile(file.toFile(), false)) {
                String header = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes().getValue("Export-Package");
                if (header != null) {
                    packages.addAll(packageNames(header));
                }
            } catch (IOException e) {
                // not a readable jar: no hint from it
            }
        }
        return packages;
    }

    /** The package names of an Export-Package header (clauses split at commas outside quotes). */
    static List<String> packageNames(String header) {
        List<String> names = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i <= header.length(); i++) {
            char c = i < header.length() ? header.charAt(i) : ',';
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                for (String part : header.substring(start, i).split(";")) {
                    String name = part.trim();
                    if (!name.isEmpty() && !name.contains("=")) {
                        names.add(name);
                    }
                }
                start = i + 1;
            }
        }
        return names;
    }
}
