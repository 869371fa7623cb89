package org.modelgate.deploy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which jar of the deploy folder installed which bundle, from which bytes: {@code file name = sha256 symbolic-name}.
 * Kept in the deploy bundle's data area across restarts, so an unchanged jar is not installed again at each
 * start, and a jar deleted while the gateway was down is still noticed.
 */
final class DeployedFiles {
    private static final System.Logger LOG = System.getLogger(DeployedFiles.class.getName());

    /** One deployed jar. @param sha256 the bytes installed @param symbolicName the bundle they made */
    record Deployed(String sha256, String symbolicName) {
    }

    private final Path file;
    private final Map<String, Deployed> byName = new TreeMap<>();

    private DeployedFiles(Path file) {
        this.file = file;
    }

    static DeployedFiles load(Path file) {
        DeployedFiles files = new DeployedFiles(file);
        if (!Files.exists(file)) {
            return files;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot read " + file + " (" + e + "): every jar of the deploy folder is"
                    + " verified and installed again");
            return files;
        }
        for (String name : properties.stringPropertyNames()) {
            String[] parts = properties.getProperty(name).strip().split(" ", 2);
            if (parts.length == 2) {
                files.byName.put(name, new Deployed(parts[0], parts[1]));
            }
        }
        return files;
    }

    Optional<Deployed> get(String jarName) {
        return Optional.ofNullable(byName.get(jarName));
    }

    Set<String> names() {
        return Set.copyOf(byName.keySet());
    }

    /** Whether another deployed jar than {@code jarName} made the bundle of that name. */
    boolean otherClaims(String jarName, String symbolicName) {
        return byName.entrySet().stream().anyMatch(e -> !e.getKey().equals(jarName)
                && e.getValue().symbolicName().equals(symbolicName));
    }

    void put(String jarName, Deployed deployed) {
        byName.put(jarName, deployed);
        save();
    }

    void remove(String jarName) {
        if (byName.remove(jarName) != null) {
            save();
        }
    }

    /** Written to a temporary file, synced, then renamed over the old one: a crash leaves the old or the new list. */
    private void save() {
        Properties properties = new Properties();
        byName.forEach((name, deployed) -> properties.setProperty(name, deployed.sha256() + " " + deployed.symbolicName()));
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(temporary)) {
                properties.store(out, "deploy/ jars installed: file name = sha256 symbolic-name");
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot write " + file + " (" + e + "): after a restart the deploy folder's"
                    + " jars are verified and installed again");
        }
    }
}
