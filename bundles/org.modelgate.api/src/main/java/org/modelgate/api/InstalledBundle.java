package org.modelgate.api;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A vendor bundle as {@link BundleInstaller} installed, updated or uninstalled it.
 *
 * @param bundleId the framework's bundle id
 * @param symbolicName the bundle's symbolic name
 * @param version the bundle's version
 * @param previousVersion the version it replaced, or null for a new install
 * @param signer the subject of the signer's certificate, e.g. {@code CN=Acme Release,O=Acme}
 * @param signerKey the trust store key that signed it: its id (the file name under {@code bundle-signer/})
 * @param sha256 lowercase hex sha256 of the jar as installed
 * @param started true when the bundle is active (or is a fragment, which is never started)
 * @param problem why it did not start, or null
 */
@ProviderType
public record InstalledBundle(long bundleId, String symbolicName, String version, String previousVersion,
        String signer, String signerKey, String sha256, boolean started, String problem) {

    /** Checks the components. */
    public InstalledBundle {
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(version, "version");
    }

    /**
     * Whether this replaced an installed version.
     *
     * @return true for an update
     */
    public boolean isUpdate() {
        return previousVersion != null;
    }
}
