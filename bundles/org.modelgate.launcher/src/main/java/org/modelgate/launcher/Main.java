package org.modelgate.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * The gateway's process: {@code java -Dmodelgate.home=<dist> -cp "lib/*" org.modelgate.launcher.Main}.
 * Exit codes ({@link ExitStatus}): 0 after an orderly stop (also on SIGTERM), 78 when the configuration
 * cannot work (etc/modelgate.properties, a feature, a variable: restarting will not help), 70 for a fault
 * (a start that failed otherwise, a stop that took too long). The reason is logged. Under systemd
 * ({@code NOTIFY_SOCKET}) it reports READY=1 and watchdog pings through {@link SystemdNotifier}.
 */
public final class Main {
    static {
        // Before the first Logger: the manager is chosen once, when logging initializes.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", GatewayLogManager.class.getName());
        }
    }

    private static final Logger LOG = Logger.getLogger(Main.class.getName());
    static final long STOP_TIMEOUT_MILLIS = 10_000;

    /**
     * System property: the class data archive this JVM writes when it exits ({@code -XX:ArchiveClassesAtExit}, set by
     * bin/modelgate on a first start). Once the gateway has started, {@code <archive>.started} says that the archive
     * will hold the classes of a whole boot, so that the next start may use it.
     */
    static final String CLASS_ARCHIVE = "modelgate.classArchive";

    private Main() {
    }

    static void markClassArchive(String archive) {
        if (archive == null || archive.isBlank()) {
            return;
        }
        try {
            Files.writeString(Path.of(archive + ".started"), "a whole boot\n");
        } catch (IOException e) {
            LOG.warning("Cannot mark the class data archive " + archive + " (the next start makes another): " + e.getMessage());
        }
    }

    public static void main(String[] args) {
        Path home = LauncherSettings.home(System.getProperties());
        configureLogging(home);
        if (args.length == 1 && args[0].equals("check")) {
            check(home);
            return;
        }
        if (args.length > 0) {
            LOG.severe("Unknown arguments " + java.util.Arrays.toString(args) + ": bin/modelgate starts the gateway,"
                    + " bin/modelgate check only checks that the features resolve");
            flushLogs();
            Runtime.getRuntime().halt(ExitStatus.CONFIG_ERROR.code());
        }
        Gateway gateway = null;
        SystemdNotifier systemd = SystemdNotifier.fromEnvironment(System.getenv(), ProcessHandle.current().pid());
        try {
            applySystemProperties(home.resolve("etc").resolve("system.properties"));
            gateway = new Gateway(LauncherSettings.load(home, System.getProperties()));
            Runtime.getRuntime().addShutdownHook(new Thread(shutdown(gateway, systemd), "modelgate-shutdown"));
            gateway.start();
            markClassArchive(System.getProperty(CLASS_ARCHIVE));
            systemd.ready(gateway::healthProblem);
        } catch (LauncherException | RuntimeException e) {
            if (gateway != null && gateway.isStopping()) {
                return; // a SIGTERM during start: the shutdown hook reports and exits
            }
            ExitStatus status = ExitStatus.of(e);
            if (e instanceof LauncherException) {
                LOG.severe("Modelgate cannot start: " + e.getMessage() + " (exit " + status.code() + ", "
                        + (status == ExitStatus.CONFIG_ERROR ? "a configuration error" : "a fault") + ")");
            } else {
                LOG.log(java.util.logging.Level.SEVERE, "Modelgate cannot start (exit " + status.code() + ", a fault)", e);
            }
            if (gateway != null) {
                gateway.stop(STOP_TIMEOUT_MILLIS);
            }
            flushLogs();
            Runtime.getRuntime().halt(status.code());
        }
        try {
            boolean orderly = gateway.awaitStop();
            if (!gateway.isStopping()) {
                // stopped from inside (Gogo "stop 0", a bundle): end the process too
                systemd.stopping();
                LOG.info("Modelgate stopped");
                flushLogs();
                System.exit((orderly ? ExitStatus.STOPPED : ExitStatus.FAULT).code());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code bin/modelgate check}: resolves the features of etc/modelgate.properties (or of
     * -Dmodelgate.features) without starting them; exit 0 when every bundle resolves, 78 (a configuration
     * error) with the report of what is missing otherwise, 70 when the check itself fails.
     */
    private static void check(Path home) {
        int exitCode = 0;
        try {
            applySystemProperties(home.resolve("etc").resolve("system.properties"));
            LauncherSettings settings = LauncherSettings.load(home, System.getProperties());
            int resolved = new Gateway(settings).check();
            LOG.info("Features " + settings.features() + " resolve: " + resolved + " bundles");
        } catch (LauncherException | RuntimeException e) {
            LOG.severe("Features do not resolve: " + e.getMessage());
            exitCode = ExitStatus.of(e).code();
        }
        flushLogs();
        Runtime.getRuntime().halt(exitCode);
    }

    /**
     * SIGTERM / SIGINT: stop every bundle in order, then end the process with 0 so a service
     * manager sees a clean stop (halt, because System.exit cannot be called from a hook); 70 when
     * the bundles did not stop in time.
     */
    private static Runnable shutdown(Gateway gateway, SystemdNotifier systemd) {
        return () -> {
            if (gateway.framework() == null) {
                return;
            }
            systemd.stopping();
            long begin = System.nanoTime();
            LOG.info("Stopping Modelgate");
            boolean stopped = gateway.stop(STOP_TIMEOUT_MILLIS);
            long millis = (System.nanoTime() - begin) / 1_000_000;
            if (stopped) {
                LOG.info("Modelgate stopped in " + millis + " ms");
            } else {
                LOG.severe("Modelgate did not stop within " + STOP_TIMEOUT_MILLIS + " ms; exiting anyway");
            }
            flushLogs();
            Runtime.getRuntime().halt((stopped ? ExitStatus.STOPPED : ExitStatus.FAULT).code());
        };
    }

    /** Uses etc/logging.properties unless -Djava.util.logging.config.file names another file. */
    static void configureLogging(Path home) {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        Path config = home.resolve("etc").resolve("logging.properties");
        if (Files.isRegularFile(config)) {
            try (InputStream in = Files.newInputStream(config)) {
                LogManager.getLogManager().readConfiguration(in);
                return;
            } catch (IOException e) {
                System.err.println("Cannot read " + config + ": " + e.getMessage());
            }
        }
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        root.addHandler(new StdoutHandler());
    }

    /** etc/system.properties: Java system properties (for libraries that read only those); -D wins. */
    static void applySystemProperties(Path file) throws LauncherException {
        Properties properties = LauncherSettings.read(file, false);
        Variables variables = Variables.of(System::getProperty, properties::getProperty);
        for (String key : properties.stringPropertyNames()) {
            if (System.getProperty(key) == null) {
                System.setProperty(key, variables.substituteText(properties.getProperty(key), key + " in " + file));
            }
        }
    }

    private static void flushLogs() {
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            handler.flush();
        }
        System.out.flush();
    }
}
