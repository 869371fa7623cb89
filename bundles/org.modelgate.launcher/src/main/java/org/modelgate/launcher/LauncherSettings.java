package org.modelgate.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where the distribution lives and what etc/modelgate.properties asks for. Every value may use
 * {@code ${name}}; names resolve from Java system properties first, then the file itself, then the
 * launcher's own {@code modelgate.home} and {@code modelgate.platform}.
 */
public final class LauncherSettings {
    public static final String HOME = "modelgate.home";
    public static final String PLATFORM = "modelgate.platform";
    public static final String FEATURES = "modelgate.features";
    public static final String FEATURES_DIR = "modelgate.features.dir";
    public static final String SYSTEM_DIR = "modelgate.system.dir";
    public static final String PROPERTIES_FILE = "modelgate.properties";

    private final Path home;
    private final Properties file;
    private final Variables variables;
    private final Properties system;

    private LauncherSettings(Path home, Properties file, Variables variables, Properties system) {
        this.home = home;
        this.file = file;
        this.variables = variables;
        this.system = system;
    }

    /**
     * Loads {@code <home>/etc/modelgate.properties}.
     *
     * @param system the Java system properties (a parameter so tests need not touch the real ones)
     */
    public static LauncherSettings load(Path home, Properties system) throws LauncherException {
        Path etc = home.resolve("etc");
        Properties file = read(etc.resolve(PROPERTIES_FILE), true);
        Map<String, Object> builtins = new LinkedHashMap<>();
        builtins.put(HOME, home.toString());
        builtins.put(PLATFORM, platform(system.getProperty("os.name", ""), system.getProperty("os.arch", "")));
        Variables variables = Variables.of(system::getProperty, file::getProperty, Variables.from(builtins));
        return new LauncherSettings(home, file, variables, system);
    }

    /** The distribution's home: {@code -Dmodelgate.home}, else the working directory. */
    public static Path home(Properties system) {
        String home = system.getProperty(HOME);
        return Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize();
    }

    /** {@code linux-x86_64}, {@code linux-aarch64}, ...: the name the native fragments and features use. */
    public static String platform(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        os = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "osx" : os.startsWith("windows") ? "win" : os.replace(' ', '_');
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x86-64" -> "x86_64";
            case "arm64", "aarch64" -> "aarch64";
            default -> osArch.toLowerCase(Locale.ROOT);
        };
        return os + "-" + arch;
    }

    /** Reads a properties file (UTF-8); a missing optional file gives no properties. */
    public static Properties read(Path path, boolean required) throws LauncherException {
        Properties properties = new Properties();
        if (!Files.isRegularFile(path)) {
            if (required) {
                throw LauncherException.configError(path + " not found: is " + path.getParent().getParent()
                        + " the Modelgate home? Start bin/modelgate or set -D" + HOME + "=<folder>");
            }
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw LauncherException.configError("Cannot read " + path + ": " + e.getMessage(), e);
        }
        return properties;
    }

    public Path home() {
        return home;
    }

    public Path etc() {
        return home.resolve("etc");
    }

    /** The bundle repository, Maven layout. */
    public Path system() throws LauncherException {
        return home.resolve(get(SYSTEM_DIR, "${" + HOME + "}/system"));
    }

    /** Where feature files {@code <name>.json} are read from. */
    public Path featuresDirectory() throws LauncherException {
        return home.resolve(get(FEATURES_DIR, "${" + HOME + "}/system/features"));
    }

    /** The features named by {@code modelgate.features}, in order, without duplicates. */
    public List<String> features() throws LauncherException {
        String list = get(FEATURES, "");
        List<String> names = new ArrayList<>();
        for (String name : list.split("[,\\s]+")) {
            if (!name.isBlank() && !names.contains(name.trim())) {
                names.add(name.trim());
            }
        }
        if (names.isEmpty()) {
            throw LauncherException.configError(FEATURES + " is empty: name the features to provision in etc/" + PROPERTIES_FILE
                    + ", e.g. " + FEATURES + "=core,onnxruntime,http,rest");
        }
        return names;
    }

    /** A setting with its variables substituted; -D overrides the file. */
    public String get(String key, String fallback) throws LauncherException {
        Object value = variables.lookup(key);
        return variables.substituteText(value == null ? fallback : String.valueOf(value), key + " in etc/" + PROPERTIES_FILE);
    }

    /** Every property of etc/modelgate.properties, substituted, each overridden by a -D of the same name. */
    public Map<String, String> properties() throws LauncherException {
        Map<String, String> result = new LinkedHashMap<>();
        for (String key : new java.util.TreeSet<>(file.stringPropertyNames())) {
            result.put(key, get(key, ""));
        }
        return result;
    }

    /** The -D value of {@code key}, which overrides the same key anywhere else; null if none. */
    public String systemProperty(String key) {
        return system.getProperty(key);
    }

    /** The global variables: system properties, then etc/modelgate.properties, then the launcher's own. */
    public Variables variables() {
        return variables;
    }
}
