package org.modelgate.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Makes the framework's bundles match the features, idempotently: a bundle already installed at
 * its location is kept (updated only when its jar in system/ is newer), bundles that came from
 * system/ but belong to no feature any more are uninstalled, bundles hot-deployed by other means
 * (deploy/) are left alone. Each bundle gets its feature's start-order as start level and is
 * marked for starting; the framework starts it when the level is reached.
 */
final class Provisioner {
    private static final Logger LOG = Logger.getLogger(Provisioner.class.getName());
    static final String LOCATION_PREFIX = "mvn:";

    /** A bundle to provision, its start level and the feature that asked for it first. */
    record Planned(ArtifactCoordinates artifact, int startLevel, String feature, Path file) {
    }

    private final BundleContext context;

    Provisioner(BundleContext context) {
        this.context = context;
    }

    /** Merges the features' bundles (a bundle in several features starts at the lowest start-order) and checks system/ has them. */
    static List<Planned> plan(List<Feature> features, Path system) throws LauncherException {
        Map<ArtifactCoordinates, Planned> plan = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Feature feature : features) {
            for (Feature.Bundle bundle : feature.bundles()) {
                Path file = bundle.artifact().pathIn(system);
                Planned earlier = plan.get(bundle.artifact());
                if (earlier == null) {
                    plan.put(bundle.artifact(), new Planned(bundle.artifact(), bundle.startOrder(), feature.name(), file));
                    if (!Files.isRegularFile(file)) {
                        missing.add("\n  " + bundle.artifact() + " of feature '" + feature.name() + "': " + file + " does not exist");
                    }
                } else if (bundle.startOrder() < earlier.startLevel()) {
                    plan.put(bundle.artifact(), new Planned(bundle.artifact(), bundle.startOrder(), earlier.feature(), file));
                }
            }
        }
        if (!missing.isEmpty()) {
            throw LauncherException.configError("Bundles missing from " + system + ":" + String.join("", missing));
        }
        return List.copyOf(plan.values());
    }

    /** Installs, updates and uninstalls; returns the bundle of each planned entry, in plan order. */
    Map<Planned, Bundle> provision(List<Planned> plan) throws LauncherException {
        Map<Planned, Bundle> bundles = new LinkedHashMap<>();
        boolean cacheChanged = false;
        int installed = 0;
        int updated = 0;
        int uninstalled = 0;
        Set<String> wanted = plan.stream().map(p -> p.artifact().location()).collect(Collectors.toSet());
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getLocation().startsWith(LOCATION_PREFIX) && !wanted.contains(bundle.getLocation())) {
                LOG.info(() -> "Uninstalling " + bundle.getSymbolicName() + " " + bundle.getVersion() + ": no feature names it any more");
                try {
                    bundle.uninstall();
                    uninstalled++;
                    cacheChanged = true;
                } catch (BundleException e) {
                    throw new LauncherException("Cannot uninstall " + bundle.getLocation() + ": " + e.getMessage(), e);
                }
            }
        }
        boolean freshCache = context.getBundles().length == 1;
        for (Planned planned : plan) {
            Bundle bundle = context.getBundle(planned.artifact().location());
            try {
                if (bundle == null) {
                    bundle = install(planned);
                    installed++;
                    cacheChanged |= !freshCache;
                } else if (Files.getLastModifiedTime(planned.file()).toMillis() > bundle.getLastModified()) {
                    LOG.info("Updating " + planned.artifact() + ": " + planned.file().getFileName() + " is newer than the installed bundle");
                    try (InputStream in = Files.newInputStream(planned.file())) {
                        bundle.update(in);
                    }
                    updated++;
                    cacheChanged = true;
                }
                bundle.adapt(BundleStartLevel.class).setStartLevel(planned.startLevel());
                if (!isFragment(bundle)) {
                    bundle.start(); // persistent: the framework starts it when its start level is reached
                }
            } catch (BundleException | IOException e) {
                throw new LauncherException("Cannot install " + planned.artifact() + " of feature '" + planned.feature()
                        + "' from " + planned.file() + ": " + e.getMessage(), e);
            }
            bundles.put(planned, bundle);
        }
        if (cacheChanged) {
            refresh();
        }
        LOG.info(String.format("Provisioned %d bundles: %d installed, %d updated, %d uninstalled, %d kept from the cache",
                bundles.size(), installed, updated, uninstalled, bundles.size() - installed - updated));
        return bundles;
    }

    private Bundle install(Planned planned) throws BundleException, IOException {
        try (InputStream in = Files.newInputStream(planned.file())) {
            return context.installBundle(planned.artifact().location(), in);
        }
    }

    /**
     * Resolves every provisioned bundle now, before anything starts, and reports what does not
     * resolve, with the features that would export the missing packages.
     */
    void resolve(Map<Planned, Bundle> bundles, FeatureHints hints) throws LauncherException {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        wiring.resolveBundles(bundles.values());
        List<Bundle> unresolved = bundles.values().stream().filter(b -> b.getState() == Bundle.INSTALLED).toList();
        if (!unresolved.isEmpty()) {
            List<String> missing = unresolved.stream().flatMap(b -> ResolutionReport.missingRequirements(b, context).stream()).toList();
            throw LauncherException.configError(unresolved.size() + " bundle(s) do not resolve:"
                    + ResolutionReport.explain(unresolved, context) + hints.suggest(missing));
        }
    }

    static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }

    /** After updates and uninstalls (a restart with a changed feature set), rewire everything before anything starts. */
    private void refresh() throws LauncherException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(
                java.util.Arrays.stream(context.getBundles()).filter(b -> b.getBundleId() != 0).toList(), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        try {
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new LauncherException("Refreshing bundles after an update took more than 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("Interrupted while refreshing bundles", e);
        }
    }
}
