package org.modelgate.launcher;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * One embedded Felix provisioned from features: builds the framework properties, installs the
 * bundles, checks they resolve, then raises the start level one feature start-order at a time and
 * hands the configurations to ConfigurationAdmin as soon as it is there, before the bundles that
 * read them start.
 */
public final class Gateway {
    private static final Logger LOG = Logger.getLogger(Gateway.class.getName());
    static final String STORAGE = "org.osgi.framework.storage";
    static final String GOSH_ARGS = "gosh.args";

    private final LauncherSettings settings;
    private final List<Feature> features = new ArrayList<>();
    private final Map<Long, String> startErrors = new ConcurrentHashMap<>();
    private volatile Framework framework;
    private volatile boolean stopping;

    /** Framework property: the start level the launcher raises the framework to at boot. */
    public static final String SERVING_START_LEVEL = "modelgate.startlevel.serving";

    public Gateway(LauncherSettings settings) {
        this.settings = settings;
    }

    /** Reads the features, boots the framework and starts everything; returns once every bundle is active. */
    public void start() throws LauncherException {
        List<Provisioner.Planned> plan = readFeatures();
        Configurations configurations = Configurations.of(features, settings);

        Framework felix = newFramework(plan, Map.of());
        try {
            felix.init();
        } catch (BundleException e) {
            throw new LauncherException("The framework does not start (is another Modelgate running from "
                    + settings.home() + "? its cache is locked): " + e.getMessage(), e);
        }
        felix.getBundleContext().addFrameworkListener(event -> {
            if (event.getType() == FrameworkEvent.ERROR && event.getBundle() != null) {
                startErrors.put(event.getBundle().getBundleId(), String.valueOf(event.getThrowable()));
            }
        });
        Provisioner provisioner = new Provisioner(felix.getBundleContext());
        Map<Provisioner.Planned, Bundle> bundles = provisioner.provision(plan);
        provisioner.resolve(bundles, hints());

        try {
            felix.start();
        } catch (BundleException e) {
            throw new LauncherException("The framework does not start: " + e.getMessage(), e);
        }
        boolean configured = configurations.isEmpty();
        for (int level : new TreeSet<>(plan.stream().map(Provisioner.Planned::startLevel).toList())) {
            if (!configured) {
                configured = applyIfPossible(configurations);
            }
            raiseStartLevel(felix, level);
        }
        if (!configured && !applyIfPossible(configurations)) {
            throw LauncherException.configError("Configurations " + configurations.pids() + " need ConfigurationAdmin:"
                    + " add the feature that installs it (core)");
        }
        checkActive(bundles);
        long bootMillis = ManagementFactory.getRuntimeMXBean().getUptime();
        LOG.info(() -> "Modelgate started in " + bootMillis + " ms: " + bundles.size() + " bundles from features "
                + features.stream().map(Feature::name).toList() + ", home " + settings.home());
    }

    /**
     * Checks the feature set without starting it ({@code bin/modelgate check}): every bundle in
     * system/, every variable defined, every bundle resolved, in a framework of its own whose cache
     * (data/check) is deleted afterwards, so neither a running gateway nor its cache is touched.
     *
     * @return the number of bundles that resolved
     * @throws LauncherException naming what is missing, as a start would
     */
    public int check() throws LauncherException {
        List<Provisioner.Planned> plan = readFeatures();
        Configurations.of(features, settings);
        Path cache = settings.home().resolve("data").resolve("check");
        Framework felix = newFramework(plan, Map.of(STORAGE, cache.toString(),
                "org.osgi.framework.storage.clean", "onFirstInit"));
        try {
            felix.init();
            Provisioner provisioner = new Provisioner(felix.getBundleContext());
            Map<Provisioner.Planned, Bundle> bundles = provisioner.provision(plan);
            provisioner.resolve(bundles, hints());
            return bundles.size();
        } catch (BundleException e) {
            throw new LauncherException("The framework does not start: " + e.getMessage(), e);
        } finally {
            stop(10_000);
            deleteTree(cache);
        }
    }

    private FeatureHints hints() throws LauncherException {
        return new FeatureHints(settings.featuresDirectory(), settings.system(), settings.features());
    }

    private List<Provisioner.Planned> readFeatures() throws LauncherException {
        FeatureReader reader = new FeatureReader(settings.featuresDirectory());
        for (String name : settings.features()) {
            features.add(reader.read(name));
        }
        return Provisioner.plan(features, settings.system());
    }

    private Framework newFramework(List<Provisioner.Planned> plan, Map<String, String> overrides) throws LauncherException {
        Map<String, String> properties = frameworkProperties(plan.stream().mapToInt(Provisioner.Planned::startLevel).max().orElse(1));
        properties.putAll(overrides);
        Framework felix = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> LauncherException.configError("No OSGi framework on the class path (lib/)"))
                .newFramework(properties);
        framework = felix;
        return felix;
    }

    private static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warning("Cannot delete " + folder + ": " + e.getMessage());
        }
    }

    /** Felix takes one object among the strings (its logger), hence the raw map. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Map<String, String> frameworkProperties(int servingLevel) throws LauncherException {
        Map<String, Object> properties = new HashMap<>();
        // The start level at which the gateway is up: bundles starting below it are the boot, not
        // changes (the audit log records the boot as one entry).
        properties.put(SERVING_START_LEVEL, Integer.toString(servingLevel));
        properties.put(STORAGE, settings.home().resolve("data").resolve("cache").toString());
        properties.put("org.osgi.framework.startlevel.beginning", "1");
        properties.put("felix.log.level", "1");
        for (Feature feature : features) {
            Variables variables = settings.variables().insert(2, Variables.from(feature.variables()));
            for (Map.Entry<String, Object> property : feature.frameworkProperties().entrySet()) {
                String where = "framework property " + property.getKey() + " of feature '" + feature.name() + "'";
                Object value = property.getValue() instanceof String text ? variables.substituteText(text, where) : property.getValue();
                properties.put(property.getKey(), String.valueOf(value));
            }
        }
        properties.putAll(settings.properties());
        for (String key : List.copyOf(properties.keySet())) {
            String override = settings.systemProperty(key);
            if (override != null) {
                properties.put(key, override);
            }
        }
        properties.put(LauncherSettings.HOME, settings.home().toString());
        if (!properties.containsKey(GOSH_ARGS) && settings.systemProperty(GOSH_ARGS) == null && System.console() == null) {
            // No terminal (a service, a pipe): an interactive Gogo shell would read EOF and stop the framework.
            properties.put(GOSH_ARGS, "--nointeractive");
        }
        properties.put("felix.log.logger", new FrameworkLog());
        return (Map) properties;
    }

    private boolean applyIfPossible(Configurations configurations) throws LauncherException {
        Optional<ConfigAdminBridge> admin = ConfigAdminBridge.find(framework.getBundleContext());
        if (admin.isEmpty()) {
            return false;
        }
        configurations.apply(admin.get(), settings.home().resolve("data").resolve("launcher").resolve("configurations.list"));
        return true;
    }

    private void raiseStartLevel(Framework felix, int level) throws LauncherException {
        FrameworkStartLevel startLevel = felix.adapt(FrameworkStartLevel.class);
        if (startLevel.getStartLevel() >= level) {
            return;
        }
        CountDownLatch reached = new CountDownLatch(1);
        startLevel.setStartLevel(level, event -> reached.countDown());
        try {
            if (!reached.await(5, TimeUnit.MINUTES)) {
                throw new LauncherException("Start level " + level + " not reached within 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("Interrupted at start level " + level, e);
        }
    }

    private void checkActive(Map<Provisioner.Planned, Bundle> bundles) throws LauncherException {
        StringBuilder failures = new StringBuilder();
        for (Map.Entry<Provisioner.Planned, Bundle> entry : bundles.entrySet()) {
            Bundle bundle = entry.getValue();
            if (Provisioner.isFragment(bundle) || bundle.getState() == Bundle.ACTIVE || bundle.getState() == Bundle.STARTING) {
                continue;
            }
            failures.append("\n  ").append(entry.getKey().artifact()).append(" of feature '").append(entry.getKey().feature())
                    .append("': ").append(startErrors.getOrDefault(bundle.getBundleId(), "not active (state " + bundle.getState() + ")"));
        }
        if (failures.length() > 0 && !stopping) {
            throw new LauncherException("Bundles failed to start:" + failures);
        }
    }

    /** Waits until the framework stops (shutdown hook, Gogo {@code stop 0}); true when it stopped in order. */
    public boolean awaitStop() throws InterruptedException {
        FrameworkEvent event = framework.waitForStop(0);
        return event.getType() == FrameworkEvent.STOPPED || event.getType() == FrameworkEvent.STOPPED_UPDATE;
    }

    /** Stops the framework (all bundles in reverse start order); false if it did not stop within the time given. */
    public boolean stop(long timeoutMillis) {
        stopping = true;
        Framework felix = framework;
        if (felix == null) {
            return true;
        }
        try {
            felix.stop();
            FrameworkEvent event = felix.waitForStop(timeoutMillis);
            return event.getType() != FrameworkEvent.WAIT_TIMEDOUT;
        } catch (BundleException e) {
            LOG.warning("Stopping the framework failed: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * What keeps the gateway from being healthy, for the systemd watchdog: the framework not ACTIVE, or threads
     * deadlocked (a gateway that can no longer serve, which a restart cures).
     *
     * @return empty when healthy
     */
    public Optional<String> healthProblem() {
        Framework felix = framework;
        if (felix == null || felix.getState() != Bundle.ACTIVE) {
            return Optional.of("the framework is not active (state " + (felix == null ? "none" : felix.getState()) + ")");
        }
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] deadlocked = threads.findDeadlockedThreads();
        if (deadlocked != null) {
            return Optional.of("threads deadlocked: " + java.util.Arrays.stream(threads.getThreadInfo(deadlocked))
                    .filter(java.util.Objects::nonNull).map(t -> t.getThreadName() + " waits for " + t.getLockName()).toList());
        }
        return Optional.empty();
    }

    public boolean isStopping() {
        return stopping;
    }

    Framework framework() {
        return framework;
    }

    Path home() {
        return settings.home();
    }
}
