package org.modelgate.deploy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.modelgate.api.BundleInstaller;
import org.modelgate.api.BundleRefusedException;
import org.modelgate.api.InstalledBundle;

/**
 * One pass over the deploy folder: a {@code *.jar} that stayed the same since the last pass is handed to the
 * {@link BundleInstaller} (which verifies it) unless those very bytes are installed already; a refused jar is
 * moved to {@code .refused/}; a jar that was installed and is gone has its bundle uninstalled. Not thread
 * safe: one scanner thread calls {@link #scan()}.
 */
final class DeployScan {
    static final String ACTOR = "deploy";
    private static final System.Logger LOG = System.getLogger(DeployScan.class.getName());

    /** What a file looked like at one pass. */
    private record Stamp(long size, FileTime modified) {
    }

    private final Path folder;
    private final BundleInstaller installer;
    private final DeployedFiles deployed;
    private final RefusedJars refused;
    private final Map<String, Stamp> seen = new HashMap<>();
    private final Map<String, Stamp> handled = new HashMap<>();

    DeployScan(Path folder, BundleInstaller installer, DeployedFiles deployed) {
        this.folder = folder;
        this.installer = installer;
        this.deployed = deployed;
        this.refused = new RefusedJars(folder);
    }

    void scan() {
        Optional<Map<String, Path>> listed = jars();
        if (listed.isEmpty()) {
            return; // never read an unreadable folder as "every jar was deleted"
        }
        Map<String, Path> jars = listed.get();
        for (Map.Entry<String, Path> jar : jars.entrySet()) {
            Stamp stamp = stamp(jar.getValue());
            // A jar still being copied in changes between passes: take it once it stood still for one.
            if (stamp != null && stamp.equals(seen.put(jar.getKey(), stamp)) && !stamp.equals(handled.get(jar.getKey()))) {
                handled.put(jar.getKey(), stamp);
                offer(jar.getKey(), jar.getValue());
            }
        }
        seen.keySet().retainAll(jars.keySet());
        handled.keySet().retainAll(jars.keySet());
        for (String gone : deployed.names()) {
            if (!jars.containsKey(gone)) {
                withdraw(gone);
            }
        }
    }

    private void offer(String name, Path jar) {
        Optional<DeployedFiles.Deployed> before = deployed.get(name);
        if (before.isPresent() && before.get().sha256().equals(sha256(jar))) {
            return; // installed from these very bytes (the gateway restarted, or the file was touched)
        }
        try {
            InstalledBundle bundle = installer.install(jar, ACTOR);
            deployed.put(name, new DeployedFiles.Deployed(bundle.sha256(), bundle.symbolicName()));
            String what = folder.getFileName() + "/" + name + ": " + (bundle.isUpdate() ? "updated " : "installed ")
                    + bundle.symbolicName() + " " + bundle.version() + " (bundle " + bundle.bundleId() + "), signed by "
                    + bundle.signer() + " (key " + bundle.signerKey() + ")";
            if (bundle.started()) {
                LOG.log(System.Logger.Level.INFO, what);
            } else {
                LOG.log(System.Logger.Level.WARNING, what + ", not started: " + bundle.problem());
            }
        } catch (BundleRefusedException e) {
            moveAside(name, jar, e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, folder.getFileName() + "/" + name + ": not installed: " + e, e);
        }
    }

    private void moveAside(String name, Path jar, BundleRefusedException e) {
        try {
            Path target = refused.moveAside(jar, e.reason().code() + ": " + e.getMessage());
            LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; moved to " + folder.relativize(target)
                    + " (see its .reason file)");
            seen.remove(name);
            handled.remove(name);
            deployed.get(name).ifPresent(before -> {
                // A bad replacement of a deployed jar: the bundle it replaced keeps running, now tied to no file.
                deployed.remove(name);
                LOG.log(System.Logger.Level.WARNING, before.symbolicName() + " installed earlier from " + name
                        + " keeps running; deploy a good jar of it to update it");
            });
        } catch (IOException move) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage() + "; left where it is (cannot move it to "
                    + RefusedJars.FOLDER + "/: " + move + "), not installed");
        }
    }

    private void withdraw(String name) {
        DeployedFiles.Deployed gone = deployed.get(name).orElseThrow();
        deployed.remove(name);
        if (deployed.otherClaims(name, gone.symbolicName())) {
            return; // another jar here installed (an update of) the same bundle: it stays
        }
        try {
            InstalledBundle removed = installer.uninstall(gone.symbolicName(), ACTOR);
            LOG.log(System.Logger.Level.INFO, folder.getFileName() + "/" + name + " removed: uninstalled "
                    + removed.symbolicName() + " " + removed.version());
        } catch (BundleRefusedException e) {
            LOG.log(System.Logger.Level.WARNING, folder.getFileName() + "/" + name + " removed; its bundle stays: "
                    + e.getMessage());
        }
    }

    /** The jars of the folder by name (hidden files, links and folders left out), or empty when it cannot be listed. */
    private Optional<Map<String, Path>> jars() {
        Map<String, Path> jars = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!name.startsWith(".") && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    jars.put(name, file);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot list the deploy folder " + folder + ": " + e);
            return Optional.empty();
        }
        return Optional.of(jars);
    }

    private static Stamp stamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return new Stamp(attributes.size(), attributes.lastModifiedTime());
        } catch (IOException e) {
            return null; // gone since listed
        }
    }

    private static String sha256(Path file) {
        MessageDigest digest = KeyHint.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            return ""; // unreadable now: the installer will say so
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** For tests: the names deployed now. */
    Set<String> deployedNames() {
        return deployed.names();
    }
}
