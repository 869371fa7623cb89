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
 * Exit codes: 0 after an orderly stop (also on SIGTERM), 1 when the gateway cannot start (the
 * reason is logged), 2 when stopping took too long.
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

    private Main() {
    }

    public static void main(String[] args) {
        Path home = LauncherSettings.home(System.getProperties());
        configureLogging(home);
        Gateway gateway = null;
        try {
            applySystemProperties(home.resolve("etc").resolve("system.properties"));
            gateway = new Gateway(LauncherSettings.load(home, System.getProperties()));
            Runtime.getRuntime().addShutdownHook(new Thread(shutdown(gateway), "modelgate-shutdown"));
            gateway.start();
        } catch (LauncherException | RuntimeException e) {
            if (gateway != null && gateway.isStopping()) {
                return; // a SIGTERM during start: the shutdown hook reports and exits
            }
            if (e instanceof LauncherException) {
                LOG.severe("Modelgate cannot start: " + e.getMessage());
            } else {
                LOG.log(java.util.logging.Level.SEVERE, "Modelgate cannot start", e);
            }
            if (gateway != null) {
                gateway.stop(STOP_TIMEOUT_MILLIS);
            }
            flushLogs();
            Runtime.getRuntime().halt(1);
        }
        try {
            boolean orderly = gateway.awaitStop();
            if (!gateway.isStopping()) {
                // stopped from inside (Gogo "stop 0", a bundle): end the process too
                LOG.info("Modelgate stopped");
                flushLogs();
                System.exit(orderly ? 0 : 2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGTERM / SIGINT: stop every bundle in order, then end the process with 0 so a service
     * manager sees a clean stop (halt, because System.exit cannot be called from a hook).
     */
    private static Runnable shutdown(Gateway gateway) {
        return () -> {
            if (gateway.framework() == null) {
                return;
            }
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
            Runtime.getRuntime().halt(stopped ? 0 : 2);
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
