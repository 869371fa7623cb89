package org.modelgate.remote.commands.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.modelgate.api.InstalledBundle;
import org.modelgate.remote.CommandException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The vendor bundles the BundleInstaller (org.modelgate.deploy) installed: those of location
 * {@code modelgate-vendor:<symbolic name>}. The distribution's own bundles are never started, stopped or replaced
 * by a remote command.
 */
final class VendorBundles {
    /** The location prefix of bundles the BundleInstaller installed. */
    static final String LOCATION_PREFIX = "modelgate-vendor:";

    private VendorBundles() {
    }

    /**
     * The vendor bundle of a symbolic name.
     *
     * @param context a bundle context
     * @param symbolicName the name
     * @return it, or empty when no vendor bundle has that name
     */
    static Optional<Bundle> find(BundleContext context, String symbolicName) {
        return Optional.ofNullable(context.getBundle(LOCATION_PREFIX + symbolicName));
    }

    /**
     * The vendor bundle of a symbolic name, or a CommandException saying why it cannot be used.
     *
     * @param context a bundle context
     * @param symbolicName the name
     * @return the bundle
     */
    static Bundle required(BundleContext context, String symbolicName) {
        return find(context, symbolicName).orElseThrow(() -> {
            boolean platform = Arrays.stream(context.getBundles()).anyMatch(b -> symbolicName.equals(b.getSymbolicName()));
            return new CommandException(platform
                    ? symbolicName + " is a bundle of the distribution, not a vendor bundle installed by install; remote "
                            + "commands never start, stop or change it"
                    : "no vendor bundle named " + symbolicName + " is installed");
        });
    }

    /**
     * The symbolic name a jar's manifest claims (read before the installer verifies the jar, only to decide between
     * install and update; the installer checks it again on the signed bytes).
     *
     * @param jar the jar
     * @return the name, without attributes
     */
    static String symbolicNameOf(Path jar) {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            String name = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-SymbolicName");
            if (name == null || name.isBlank()) {
                throw new CommandException(jar.getFileName() + " is not an OSGi bundle: its manifest has no "
                        + "Bundle-SymbolicName; nothing was installed");
            }
            return name.split(";", 2)[0].trim();
        } catch (IOException e) {
            throw new CommandException(jar.getFileName() + " is not a readable jar: " + e.getMessage()
                    + "; nothing was installed", e);
        }
    }

    /** An installed bundle as JSON values. */
    static Map<String, Object> json(InstalledBundle b) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bundle_id", b.bundleId());
        json.put("symbolic_name", b.symbolicName());
        json.put("version", b.version());
        json.put("previous_version", b.previousVersion());
        json.put("signer", b.signer());
        json.put("sha256", b.sha256());
        json.put("started", b.started());
        json.put("problem", b.problem());
        return json;
    }

    /** A framework bundle as JSON values. */
    static Map<String, Object> json(Bundle b) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bundle_id", b.getBundleId());
        json.put("symbolic_name", b.getSymbolicName());
        json.put("version", b.getVersion().toString());
        json.put("state", state(b.getState()));
        return json;
    }

    /** A bundle state's name in lower case. */
    static String state(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "uninstalled";
            case Bundle.INSTALLED -> "installed";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.ACTIVE -> "active";
            default -> Integer.toString(state).toLowerCase(Locale.ROOT);
        };
    }
}
