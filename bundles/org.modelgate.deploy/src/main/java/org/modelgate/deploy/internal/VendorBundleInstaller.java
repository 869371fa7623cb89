package org.modelgate.deploy.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.modelgate.api.BundleInstaller;
import org.modelgate.api.BundleRefusedException;
import org.modelgate.api.BundleRefusedException.Reason;
import org.modelgate.api.InstalledBundle;
import org.modelgate.audit.AuditLog;
import org.modelgate.security.TrustStore;
import org.modelgate.security.TrustStoreException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The gateway's {@link BundleInstaller}: copy the jar into the staging area, verify the copy against the
 * trust store (read again for every jar, so added and revoked keys count at once), install or update it,
 * start it, and record the outcome (refusals too) in the audit log. One change at a time.
 */
@Component(configurationPid = VendorBundleInstaller.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = VendorBundleInstaller.Config.class)
public class VendorBundleInstaller implements BundleInstaller {
    static final String PID = "org.modelgate.deploy";
    private static final System.Logger LOG = System.getLogger(VendorBundleInstaller.class.getName());

    /** Where the trusted keys are, and how big a jar may be. */
    @ObjectClassDefinition(name = "Modelgate vendor bundles",
            description = "Which keys may sign the bundles installed with mg:install or through deploy/.")
    public @interface Config {
        @AttributeDefinition(description = "Trust store folder; its bundle-signer/*.pem keys may sign bundles "
                + "(see the security bundle's README).")
        String trustStore();

        @AttributeDefinition(description = "Largest jar accepted, in bytes.")
        long maxJarBytes() default 256L << 20;
    }

    private final Path trustStore;
    private final long maxJarBytes;
    private final StagingArea staging;
    private final VendorBundles bundles;
    private final AuditLog audit;
    private final Object oneChangeAtATime = new Object();

    @Activate
    public VendorBundleInstaller(BundleContext context, Config config, @Reference AuditLog audit) throws IOException {
        this(Path.of(config.trustStore()), config.maxJarBytes(), context.getDataFile("staging").toPath(),
                new VendorBundles(context), audit);
    }

    VendorBundleInstaller(Path trustStore, long maxJarBytes, Path stagingFolder, VendorBundles bundles, AuditLog audit)
            throws IOException {
        this.trustStore = trustStore;
        this.maxJarBytes = maxJarBytes;
        this.staging = new StagingArea(stagingFolder);
        this.bundles = bundles;
        this.audit = audit;
    }

    @Override
    public InstalledBundle install(Path jar, String actor) {
        requireActor(actor);
        String jarName = jar.toString();
        synchronized (oneChangeAtATime) {
            String sha256 = null;
            try (StagingArea.Staged copy = staging.copy(jar, maxJarBytes)) {
                sha256 = copy.sha256();
                VerifiedJar verified = new SignedJarVerifier(trust(jarName)).verify(copy.file(), jarName);
                InstalledBundle installed = bundles.installOrUpdate(copy.file(), verified, copy.sha256(), jarName);
                record(actor, installed.isUpdate() ? "bundle.updated" : "bundle.installed",
                        installed.symbolicName() + " " + installed.version(), details(jar, installed));
                return installed;
            } catch (BundleRefusedException e) {
                Map<String, String> details = new LinkedHashMap<>();
                details.put("file", jar.toAbsolutePath().toString());
                details.put("reason", e.reason().code());
                details.put("message", e.getMessage());
                if (sha256 != null) {
                    details.put("sha256", sha256);
                }
                record(actor, "bundle.refused", String.valueOf(jar.getFileName()), details);
                throw e;
            }
        }
    }

    @Override
    public InstalledBundle uninstall(String symbolicName, String actor) {
        requireActor(actor);
        synchronized (oneChangeAtATime) {
            InstalledBundle removed = bundles.uninstall(symbolicName);
            record(actor, "bundle.uninstalled", removed.symbolicName() + " " + removed.version(),
                    Map.of("bundleId", Long.toString(removed.bundleId())));
            return removed;
        }
    }

    private TrustStore trust(String jarName) {
        try {
            return TrustStore.load(trustStore);
        } catch (TrustStoreException e) {
            throw new BundleRefusedException(Reason.TRUST_STORE, jarName + " refused: the trust store cannot be read, so"
                    + " no bundle can be verified: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> details(Path jar, InstalledBundle installed) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("bundleId", Long.toString(installed.bundleId()));
        details.put("file", jar.toAbsolutePath().toString());
        details.put("sha256", installed.sha256());
        details.put("signer", installed.signer());
        details.put("signerKey", installed.signerKey());
        if (installed.isUpdate()) {
            details.put("previous", installed.previousVersion());
        }
        details.put("started", Boolean.toString(installed.started()));
        if (installed.problem() != null) {
            details.put("problem", installed.problem());
        }
        return details;
    }

    /** The change is done when this runs; an audit log that fails to record it is reported, not ignored. */
    private void record(String actor, String action, String subject, Map<String, String> details) {
        try {
            audit.record(actor, action, subject, details);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the audit log did not record " + action + " " + subject + ": "
                    + e.getMessage(), e);
        }
    }

    private static void requireActor(String actor) {
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("actor must name who asks for the change");
        }
    }
}
