package org.modelgate.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The configurations the launcher gives ConfigurationAdmin: every feature's "configurations"
 * (variables substituted, values typed), each overridden key by key by an operator's
 * {@code etc/<pid>.cfg}; a .cfg for a PID no feature configures is applied as it is. PIDs applied
 * on an earlier start and no longer wanted are deleted (the list is kept in data/).
 */
final class Configurations {
    private static final Logger LOG = Logger.getLogger(Configurations.class.getName());

    private final Map<String, Map<String, Object>> byPid;

    private Configurations(Map<String, Map<String, Object>> byPid) {
        this.byPid = byPid;
    }

    static Configurations of(List<Feature> features, LauncherSettings settings) throws LauncherException {
        Map<String, Map<String, Object>> byPid = new LinkedHashMap<>();
        for (Feature feature : features) {
            Variables variables = settings.variables().insert(2, Variables.from(feature.variables()));
            for (Map.Entry<String, Map<String, Object>> configuration : feature.configurations().entrySet()) {
                String where = "configuration " + configuration.getKey() + " of feature '" + feature.name() + "'";
                byPid.computeIfAbsent(configuration.getKey(), pid -> new LinkedHashMap<>())
                        .putAll(ConfigurationValues.of(configuration.getValue(), variables, where));
            }
        }
        for (Map.Entry<String, Properties> override : operatorFiles(settings.etc()).entrySet()) {
            String pid = override.getKey();
            Map<String, Object> base = byPid.getOrDefault(pid, Map.of());
            byPid.put(pid, ConfigurationValues.override(base, override.getValue(), settings.variables(), "etc/" + pid + ".cfg"));
        }
        return new Configurations(byPid);
    }

    private static Map<String, Properties> operatorFiles(Path etc) throws LauncherException {
        Map<String, Properties> files = new LinkedHashMap<>();
        if (!Files.isDirectory(etc)) {
            return files;
        }
        try (DirectoryStream<Path> cfgs = Files.newDirectoryStream(etc, "*.cfg")) {
            for (Path cfg : cfgs) {
                String name = cfg.getFileName().toString();
                files.put(name.substring(0, name.length() - 4), LauncherSettings.read(cfg, true));
            }
        } catch (IOException e) {
            throw new LauncherException("Cannot list " + etc + ": " + e.getMessage(), e);
        }
        return files;
    }

    boolean isEmpty() {
        return byPid.isEmpty();
    }

    Set<String> pids() {
        return byPid.keySet();
    }

    Map<String, Object> properties(String pid) {
        return byPid.get(pid);
    }

    /** Applies every configuration, deletes the ones applied before and not wanted now, records the list in {@code state}. */
    void apply(ConfigAdminBridge admin, Path state) throws LauncherException {
        int changed = 0;
        for (Map.Entry<String, Map<String, Object>> configuration : byPid.entrySet()) {
            if (admin.apply(configuration.getKey(), configuration.getValue())) {
                changed++;
            }
        }
        Set<String> previous = new LinkedHashSet<>();
        try {
            if (Files.isRegularFile(state)) {
                previous.addAll(Files.readAllLines(state, StandardCharsets.UTF_8));
            }
            previous.removeAll(byPid.keySet());
            for (String stale : previous) {
                if (!stale.isBlank()) {
                    LOG.info(() -> "Deleting configuration " + stale + ": no feature or etc/*.cfg gives it any more");
                    admin.delete(stale);
                }
            }
            Files.createDirectories(state.getParent());
            Files.write(state, byPid.keySet(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LauncherException("Cannot keep the list of applied configurations in " + state + ": " + e.getMessage(), e);
        }
        int updated = changed;
        LOG.info(() -> "Configurations applied: " + byPid.size() + " (" + updated + " changed)");
    }
}
