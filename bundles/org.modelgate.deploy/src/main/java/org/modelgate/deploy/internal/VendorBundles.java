package org.modelgate.deploy.internal;

import static org.modelgate.deploy.internal.SignatureFailure.refused;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.modelgate.api.BundleRefusedException;
import org.modelgate.api.BundleRefusedException.Reason;
import org.modelgate.api.InstalledBundle;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Version;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The framework side of vendor bundles: install, update (then refresh), start, uninstall. A vendor bundle's
 * location is {@code modelgate-vendor:<symbolic name>}, one per symbolic name, which is how it is told apart
 * from the bundles of the distribution ({@code mvn:}) that it may never replace.
 */
final class VendorBundles {
    static final String LOCATION_PREFIX = "modelgate-vendor:";
    private static final long REFRESH_TIMEOUT_SECONDS = 60;

    private final BundleContext context;

    VendorBundles(BundleContext context) {
        this.context = context;
    }

    /** Installs a verified jar, or updates the vendor bundle of its symbolic name, and starts it. */
    InstalledBundle installOrUpdate(Path verifiedCopy, VerifiedJar jar, String sha256, String jarName) {
        Version version = version(jarName, jar);
        Bundle existing = vendorBundle(jarName, jar.symbolicName());
        if (existing != null && existing.getVersion().compareTo(version) > 0) {
            throw refused(jarName, Reason.DOWNGRADE, jar.symbolicName() + " " + version + " is older than the installed "
                    + existing.getVersion() + "; uninstall that first to go back", null);
        }
        String previous = existing == null ? null : existing.getVersion().toString();
        Bundle bundle;
        try (InputStream in = Files.newInputStream(verifiedCopy)) {
            if (existing == null) {
                bundle = VerifiedChanges.during(LOCATION_PREFIX + jar.symbolicName(), () -> {
                    try {
                        return context.installBundle(LOCATION_PREFIX + jar.symbolicName(), in);
                    } catch (BundleException e) {
                        throw new FrameworkRefusal(e);
                    }
                });
                bundle.adapt(BundleStartLevel.class).setStartLevel(ownStartLevel());
            } else {
                VerifiedChanges.during(existing.getLocation(), () -> {
                    try {
                        existing.update(in);
                        return existing;
                    } catch (BundleException e) {
                        throw new FrameworkRefusal(e);
                    }
                });
                bundle = existing;
                refresh(bundle);
            }
        } catch (FrameworkRefusal wrapped) {
            BundleException e = wrapped.exception;
            throw refused(jarName, Reason.FRAMEWORK, "the framework did not take " + jar.symbolicName() + " " + version
                    + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the verified copy " + verifiedCopy + ": " + e, e);
        }
        String problem = jar.fragment() ? null : start(bundle);
        return new InstalledBundle(bundle.getBundleId(), jar.symbolicName(), bundle.getVersion().toString(), previous,
                jar.signer(), jar.key().id(), sha256, problem == null, problem);
    }

    /** Uninstalls the vendor bundle of that name. */
    InstalledBundle uninstall(String symbolicName) {
        Bundle bundle = vendorBundle(symbolicName, symbolicName);
        if (bundle == null) {
            throw new BundleRefusedException(Reason.NOT_INSTALLED, "no vendor bundle named " + symbolicName
                    + " is installed");
        }
        InstalledBundle before = new InstalledBundle(bundle.getBundleId(), symbolicName, bundle.getVersion().toString(),
                null, null, null, null, bundle.getState() == Bundle.ACTIVE, null);
        try {
            bundle.uninstall();
        } catch (BundleException e) {
            throw new BundleRefusedException(Reason.FRAMEWORK, "the framework did not uninstall " + symbolicName + ": "
                    + e.getMessage(), e);
        }
        refresh(bundle);
        return before;
    }

    /**
     * The vendor bundle of that symbolic name, or null; refused when a bundle of the distribution (or one
     * installed some other way) has the name.
     */
    private Bundle vendorBundle(String what, String symbolicName) {
        List<Bundle> named = Arrays.stream(context.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName())).toList();
        for (Bundle b : named) {
            if (!b.getLocation().startsWith(LOCATION_PREFIX)) {
                throw refused(what, Reason.NOT_A_VENDOR_BUNDLE, symbolicName + " is bundle " + b.getBundleId()
                        + " installed from " + b.getLocation() + ", not a vendor bundle: it is never replaced or"
                        + " removed this way", null);
            }
        }
        return named.isEmpty() ? null : named.get(0);
    }

    private static Version version(String jarName, VerifiedJar jar) {
        try {
            return Version.parseVersion(jar.version());
        } catch (IllegalArgumentException e) {
            throw refused(jarName, Reason.NOT_A_BUNDLE, "Bundle-Version '" + jar.version() + "' is not an OSGi version"
                    + " (major.minor.micro.qualifier)", e);
        }
    }

    /** Starts the bundle; returns why it did not start, or null. */
    private static String start(Bundle bundle) {
        try {
            bundle.start();
        } catch (BundleException | IllegalStateException e) {
            return e.getMessage();
        }
        return bundle.getState() == Bundle.ACTIVE ? null : "state " + bundle.getState() + " after start";
    }

    /** Vendor bundles start with the deploy bundle's start level: after the platform they plug into. */
    private int ownStartLevel() {
        BundleStartLevel own = context.getBundle().adapt(BundleStartLevel.class);
        return own == null ? 1 : Math.max(1, own.getStartLevel());
    }

    /** Drops the old revision's wires (bundles using its packages are restarted on the new one), and waits. */
    private void refresh(Bundle bundle) {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> done.countDown());
        try {
            if (!done.await(REFRESH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                System.getLogger(VendorBundles.class.getName()).log(System.Logger.Level.WARNING, "refreshing "
                        + bundle.getSymbolicName() + " did not finish within " + REFRESH_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A BundleException carried out of a lambda. */
    private static final class FrameworkRefusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient BundleException exception;

        FrameworkRefusal(BundleException exception) {
            super(exception);
            this.exception = exception;
        }
    }
}
