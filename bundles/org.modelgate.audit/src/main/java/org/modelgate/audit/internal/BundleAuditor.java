package org.modelgate.audit.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.modelgate.audit.AuditLog;
import org.modelgate.audit.AuditLogException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Records bundle changes (installed, updated, uninstalled, started, stopped) made while the gateway
 * runs, actor {@code framework}.
 *
 * <p>Boot is recorded once, as {@code framework.bundles} with the number of bundles and how many are
 * active, once the framework has reached the start level the launcher raises it to (framework
 * property {@value #SERVING_START_LEVEL}), not as one entry per bundle: the bundles the launcher
 * brings up on every start are not changes. Starts and stops until then, and every event while the
 * framework itself is starting or stopping, are skipped for the same reason.
 * Bundles installed or updated by the launcher when the distribution changed do show up, as real changes.
 * The boot is over when, at the serving level, every persistently started bundle up to it is active, or, when one
 * of them never starts, after {@value #BOOT_GRACE_SECONDS} s without a bundle starting or stopping.
 *
 * <p>A synchronous listener on purpose: the entry is written (and synced) before the install, update
 * or uninstall call returns, and it names the bundle as it was at that moment (an asynchronous listener
 * would read the version of a later update).
 */
@Component(service = {}, immediate = true)
public class BundleAuditor implements SynchronousBundleListener {
    static final String ACTOR = "framework";
    static final String SERVING_START_LEVEL = "modelgate.startlevel.serving";
    /**
     * Seconds without any bundle starting or stopping after which a late-activated auditor records the boot even
     * though a bundle of it never started (one that cannot resolve). A quiet period, not a deadline: a slow boot
     * whose last bundles are still coming up is not cut short.
     */
    static final long BOOT_GRACE_SECONDS = 10;
    private static final System.Logger LOG = System.getLogger(BundleAuditor.class.getName());

    @Reference
    AuditLog audit;

    private volatile BundleContext context;
    private volatile boolean booting;
    /** When a bundle last started or stopped during the boot (System.nanoTime). */
    private volatile long lastBootChange;
    private final AtomicBoolean quietWatch = new AtomicBoolean();
    /**
     * The bundles active when the boot was recorded whose STARTED event has not come since: the framework sets a
     * bundle ACTIVE before it delivers the event, so another thread can see every bundle up and record the boot while
     * the last one's event is still on its way. That late event is part of the boot; a bundle stopped since is not
     * in here any more, so its next start is recorded.
     */
    private final Set<Long> activeAtBoot = ConcurrentHashMap.newKeySet();
    long graceNanos = TimeUnit.SECONDS.toNanos(BOOT_GRACE_SECONDS);
    private final FrameworkListener bootWatcher = this::frameworkEvent;

    @Activate
    void activate(BundleContext bundleContext) {
        context = bundleContext;
        booting = true;
        bundleContext.addBundleListener(this);
        bundleContext.addFrameworkListener(bootWatcher);
        if (servingLevelReached(bundleContext)) {
            // The level is reached, but the framework may still be starting the bundles of that level (this
            // component can activate late: its AuditLog waits for its configuration): the boot is over once they
            // are all up (see bundleChanged), or after a quiet period when one of them never starts.
            bootMayBeOver(bundleContext);
        }
    }

    /**
     * At the serving level: records the boot if every bundle of it is up, else watches for the boot to settle or go
     * quiet (a persistently started bundle that cannot resolve never settles).
     */
    private void bootMayBeOver(BundleContext bundleContext) {
        if (settled(bundleContext)) {
            finishBoot(bundleContext);
        } else if (quietWatch.compareAndSet(false, true)) {
            lastBootChange = System.nanoTime();
            awaitQuietBoot();
        }
    }

    /** Checks every second whether the boot has settled, or has been quiet for the grace period. */
    private void awaitQuietBoot() {
        CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(() -> {
            BundleContext current = context;
            if (current == null || !booting) {
                return;
            }
            try {
                if (settled(current) || System.nanoTime() - lastBootChange >= graceNanos) {
                    finishBoot(current);
                } else {
                    awaitQuietBoot();
                }
            } catch (IllegalStateException e) {
                // the framework stopped meanwhile: nothing to record
            }
        });
    }

    /**
     * Whether no bundle up to the current start level is starting or still waits to be started. A persistently
     * started bundle that cannot resolve keeps this false; the STARTLEVEL_CHANGED event (or the grace period) then
     * ends the boot.
     */
    static boolean settled(BundleContext bundleContext) {
        int level = bundleContext.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel();
        for (Bundle bundle : bundleContext.getBundles()) {
            if (bundle.getState() == Bundle.STARTING) {
                return false;
            }
            BundleStartLevel startLevel = bundle.adapt(BundleStartLevel.class);
            // INSTALLED too: Felix resolves a bundle only when its level comes to start it, so the last bundles
            // of the boot (fileinstall at 40) are still unresolved while those before them report STARTED
            if ((bundle.getState() == Bundle.RESOLVED || bundle.getState() == Bundle.INSTALLED) && startLevel != null
                    && startLevel.isPersistentlyStarted()
                    && startLevel.getStartLevel() <= level && bundle.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * A start level was reached. Framework events arrive asynchronously: the event of the level before the last can
     * come while the launcher already raised the framework to the serving level and its bundles are still starting,
     * so the level alone does not end the boot; whether its bundles are up does.
     */
    void frameworkEvent(FrameworkEvent event) {
        BundleContext current = context;
        if (event.getType() != FrameworkEvent.STARTLEVEL_CHANGED || current == null || !servingLevelReached(current)) {
            return;
        }
        try {
            bootMayBeOver(current);
        } catch (IllegalStateException e) {
            // the framework stopped meanwhile: nothing to record
        }
    }

    /** Records the boot once, whichever of the start level event, the last bundle start or the grace period comes first. */
    private void finishBoot(BundleContext current) {
        synchronized (this) {
            if (!booting) {
                return;
            }
            for (Bundle bundle : current.getBundles()) {
                if (bundle.getState() == Bundle.ACTIVE) {
                    activeAtBoot.add(bundle.getBundleId());
                }
            }
            booting = false;
        }
        try {
            current.removeFrameworkListener(bootWatcher);
            recordBoot(current);
        } catch (IllegalStateException | AuditLogException e) {
            LOG.log(System.Logger.Level.ERROR, "the boot was not recorded in the audit log: " + e.getMessage());
        }
    }

    private void recordBoot(BundleContext bundleContext) {
        Bundle[] bundles = bundleContext.getBundles();
        long active = Arrays.stream(bundles).filter(b -> b.getState() == Bundle.ACTIVE).count();
        audit.record(ACTOR, "framework.bundles", bundleContext.getBundle(0).getSymbolicName() + " "
                + bundleContext.getBundle(0).getVersion(), Map.of("bundles", Integer.toString(bundles.length),
                        "active", Long.toString(active)));
    }

    /** Whether the framework is at the level the launcher raises it to at boot (no such property: yes). */
    static boolean servingLevelReached(BundleContext bundleContext) {
        String serving = bundleContext.getProperty(SERVING_START_LEVEL);
        if (serving == null) {
            return true;
        }
        try {
            int level = Integer.parseInt(serving.trim());
            return bundleContext.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel() >= level;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    @Deactivate
    void deactivate(BundleContext bundleContext) {
        context = null;
        try {
            bundleContext.removeBundleListener(this);
            bundleContext.removeFrameworkListener(bootWatcher);
        } catch (IllegalStateException e) {
            // the framework is already gone, and the listener with it
        }
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        String action = action(event.getType());
        BundleContext current = context;
        if (action == null || current == null || frameworkInTransition(current)) {
            return;
        }
        if (booting && (event.getType() == BundleEvent.STARTED || event.getType() == BundleEvent.STOPPED)) {
            lastBootChange = System.nanoTime();
            if (servingLevelReached(current) && settled(current)) {
                finishBoot(current); // the last bundle of the boot is up
            }
            return; // the launcher raising the start level: part of the boot entry
        }
        Bundle bundle = event.getBundle();
        boolean activeSinceTheBoot = activeAtBoot.remove(bundle.getBundleId());
        if (event.getType() == BundleEvent.STARTED && activeSinceTheBoot) {
            return; // the boot's last start, delivered after the boot entry was decided
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("bundleId", Long.toString(bundle.getBundleId()));
        details.put("location", bundle.getLocation());
        Bundle origin = event.getOrigin();
        if (origin != null && origin.getBundleId() != bundle.getBundleId()) {
            details.put("by", origin.getSymbolicName() + " " + origin.getVersion());
        }
        try {
            audit.record(ACTOR, action, subject(bundle), details);
        } catch (RuntimeException e) {
            // The change already happened; all we can do is say loudly that it went unrecorded.
            LOG.log(System.Logger.Level.ERROR, "bundle change not recorded in the audit log: " + action + " "
                    + subject(bundle) + ": " + e.getMessage());
        }
    }

    /** The action name for an event type, or null for the types not recorded (resolving, starting...). */
    static String action(int type) {
        return switch (type) {
            case BundleEvent.INSTALLED -> "bundle.installed";
            case BundleEvent.UPDATED -> "bundle.updated";
            case BundleEvent.UNINSTALLED -> "bundle.uninstalled";
            case BundleEvent.STARTED -> "bundle.started";
            case BundleEvent.STOPPED -> "bundle.stopped";
            default -> null;
        };
    }

    /** {@code org.example.foo 1.0.0}; the location, often a long URL, goes in the details. */
    static String subject(Bundle bundle) {
        String name = bundle.getSymbolicName();
        return (name == null ? "(no symbolic name)" : name) + " " + bundle.getVersion();
    }

    private static boolean frameworkInTransition(BundleContext context) {
        int state = context.getBundle(0).getState();
        return state == Bundle.STARTING || state == Bundle.STOPPING;
    }
}
