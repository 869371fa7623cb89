package org.modelgate.deploy.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.modelgate.audit.AuditLog;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Closes the other ways into the framework: a bundle installed from anywhere but the distribution
 * ({@code mvn:} locations the launcher installs from {@code system/}) or the verifying installer
 * ({@code modelgate-vendor:}), say with Gogo's {@code install file:/tmp/x.jar}, and a bundle updated
 * by anything but the installer ({@code update 42 file:/tmp/x.jar}), is blocked: the framework may
 * hold it, but this resolver hook never lets it resolve, so none of its code runs. Each block is
 * audited and logged with the way to do it properly ({@code mg:install}). A blocked bundle that was
 * already running when the guard started (e.g. installed by an older gateway's FileInstall) is stopped.
 *
 * <p>Blocks last while the gateway runs; after a restart the location rule blocks foreign locations
 * again, and the launcher puts back the distribution's own bundles.
 */
@Component(service = ResolverHookFactory.class, immediate = true)
public class UnverifiedBundleGuard implements ResolverHookFactory, SynchronousBundleListener {
    static final String ACTOR = "framework";
    private static final System.Logger LOG = System.getLogger(UnverifiedBundleGuard.class.getName());

    private final AuditLog audit;
    private final BundleContext context;
    private final Set<Long> blocked = ConcurrentHashMap.newKeySet();

    /**
     * Starts guarding.
     *
     * @param context this bundle's context
     * @param audit where blocks are recorded
     */
    @Activate
    public UnverifiedBundleGuard(BundleContext context, @Reference AuditLog audit) {
        this.context = context;
        this.audit = audit;
        context.addBundleListener(this);
        for (Bundle bundle : context.getBundles()) {
            if (!allowedLocation(bundle.getLocation()) && bundle.getBundleId() != 0) {
                block(bundle, "installed from " + bundle.getLocation() + " before the guard started");
                stopQuietly(bundle);
            }
        }
    }

    @Deactivate
    void deactivate() {
        try {
            context.removeBundleListener(this);
        } catch (IllegalStateException gone) {
            // the framework is stopping
        }
    }

    /** Locations of bundles that came through a checked path. */
    static boolean allowedLocation(String location) {
        return location != null && (location.startsWith("mvn:") || location.startsWith(VendorBundles.LOCATION_PREFIX)
                || location.equals(org.osgi.framework.Constants.SYSTEM_BUNDLE_LOCATION));
    }

    boolean isBlocked(long bundleId) {
        return blocked.contains(bundleId);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        String location = bundle.getLocation();
        switch (event.getType()) {
            case BundleEvent.INSTALLED -> {
                if (!allowedLocation(location) && !VerifiedChanges.inProgress(location)) {
                    block(bundle, "installed from " + location + ", not through mg:install or deploy/");
                }
            }
            case BundleEvent.UPDATED -> {
                if (VerifiedChanges.inProgress(location)) {
                    blocked.remove(bundle.getBundleId()); // a verified jar replaced whatever was blocked
                } else {
                    block(bundle, "updated in place, not through mg:install or deploy/");
                }
            }
            case BundleEvent.UNINSTALLED -> blocked.remove(bundle.getBundleId());
            default -> {
                // starts and stops change nothing here
            }
        }
    }

    @Override
    public ResolverHook begin(Collection<BundleRevision> triggers) {
        return new ResolverHook() {
            @Override
            public void filterResolvable(Collection<BundleRevision> candidates) {
                candidates.removeIf(revision -> blocked.contains(revision.getBundle().getBundleId()));
            }

            @Override
            public void filterSingletonCollisions(BundleCapability singleton, Collection<BundleCapability> collisionCandidates) {
                // not our concern
            }

            @Override
            public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
                // not our concern
            }

            @Override
            public void end() {
                // nothing held
            }
        };
    }

    private void block(Bundle bundle, String why) {
        blocked.add(bundle.getBundleId());
        String subject = (bundle.getSymbolicName() == null ? "(no symbolic name)" : bundle.getSymbolicName()) + " "
                + bundle.getVersion();
        LOG.log(System.Logger.Level.WARNING, "bundle " + bundle.getBundleId() + " " + subject + " is blocked and will not"
                + " resolve: " + why + ". Vendor bundles must be signed jars installed with mg:install <file.jar> or"
                + " dropped into deploy/; uninstall this one.");
        Map<String, String> details = new LinkedHashMap<>();
        details.put("bundleId", Long.toString(bundle.getBundleId()));
        details.put("location", bundle.getLocation());
        details.put("reason", why);
        try {
            audit.record(ACTOR, "bundle.blocked", subject, details);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the block of bundle " + bundle.getBundleId() + " was not audited: " + e.getMessage());
        }
    }

    private static void stopQuietly(Bundle bundle) {
        try {
            if (bundle.getState() == Bundle.ACTIVE || bundle.getState() == Bundle.STARTING) {
                bundle.stop();
            }
        } catch (BundleException | IllegalStateException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot stop blocked bundle " + bundle.getBundleId() + ": " + e.getMessage());
        }
    }
}
