package org.modelgate.api;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Installs, updates and uninstalls vendor bundles (plugins from outside the distribution), each only
 * after its jar signature verified against the gateway's trust store.
 *
 * <p>A vendor bundle must be a jar signed with {@code jarsigner} by exactly one signer whose public key
 * is a valid (not revoked) {@code bundle-signer} key of the trust store; every entry must be signed and
 * unchanged. The jar is copied to a place only the gateway writes and the copy is verified and installed,
 * so the file cannot change between the check and the install. Every outcome, refusals included, is
 * recorded in the audit log with the actor given. Bundles of the distribution are never replaced this way.
 *
 * <pre>
 * &#64;Reference BundleInstaller bundles;
 *
 * try {
 *     InstalledBundle b = bundles.install(Path.of("/tmp/acme-camera-2.1.0.jar"), "ops");
 *     System.out.println(b.symbolicName() + " " + b.version() + " signed by " + b.signer());
 * } catch (BundleRefusedException e) {
 *     System.err.println(e.getMessage()); // "... refused: entry a/B.class was changed after signing"
 * }
 * </pre>
 */
@ProviderType
public interface BundleInstaller {
    /**
     * Verifies a signed bundle jar and installs it, or updates the vendor bundle of the same symbolic name,
     * then starts it (fragments are only installed).
     *
     * @param jar the jar file
     * @param actor who asks, for the audit log: a user name, {@code console}, {@code deploy}
     * @return the bundle as installed; {@link InstalledBundle#started()} is false when it could not start
     *     (for example a missing import), with the reason in {@link InstalledBundle#problem()}
     * @throws BundleRefusedException when the jar is unreadable, not a signed bundle, not signed by a
     *     trusted bundle signer, changed after signing, older than the installed version, or names a bundle
     *     of the distribution; nothing was installed or changed
     */
    InstalledBundle install(Path jar, String actor);

    /**
     * Uninstalls a vendor bundle that this installer installed.
     *
     * @param symbolicName the bundle's symbolic name
     * @param actor who asks, for the audit log
     * @return the bundle as it was before it was uninstalled
     * @throws BundleRefusedException when no vendor bundle has that name, or it is a bundle of the distribution
     */
    InstalledBundle uninstall(String symbolicName, String actor);
}
