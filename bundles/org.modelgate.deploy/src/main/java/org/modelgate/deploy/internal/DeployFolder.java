package org.modelgate.deploy.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.modelgate.api.BundleInstaller;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Watches the deploy folder for bundle jars (FileInstall only takes {@code .cfg} files there) and hands
 * them to the {@link BundleInstaller}, which installs only signed, trusted ones. Polls, like FileInstall:
 * works on every file system and needs no native watch.
 */
@Component(service = {}, configurationPid = DeployFolder.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DeployFolder.Config.class)
public class DeployFolder {
    static final String PID = "org.modelgate.deploy.folder";
    private static final System.Logger LOG = System.getLogger(DeployFolder.class.getName());

    /** The folder and how often to look. */
    @ObjectClassDefinition(name = "Modelgate deploy folder",
            description = "Bundle jars dropped here are verified (signed by a trusted bundle signer) and installed.")
    public @interface Config {
        @AttributeDefinition(description = "The folder to watch, e.g. the distribution's deploy/.")
        String folder();

        @AttributeDefinition(description = "Milliseconds between two looks; a jar is taken once it stayed unchanged"
                + " for one.")
        long pollMillis() default 2000;
    }

    private final ScheduledExecutorService scanner;

    @Activate
    public DeployFolder(BundleContext context, Config config, @Reference BundleInstaller installer) throws IOException {
        Path folder = Files.createDirectories(Path.of(config.folder()));
        // One list per folder: pointing the component elsewhere must not read as "every jar was deleted".
        String key = HexFormat.of().formatHex(KeyHint.sha256().digest(folder.toAbsolutePath().normalize().toString()
                .getBytes(StandardCharsets.UTF_8)), 0, 8);
        DeployScan scan = new DeployScan(folder, installer, DeployedFiles.load(
                context.getDataFile("deployed-" + key + ".properties").toPath()));
        scanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "modelgate-deploy " + folder);
            thread.setDaemon(true);
            return thread;
        });
        scanner.scheduleWithFixedDelay(() -> {
            try {
                scan.scan();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "scanning " + folder + " failed: " + e, e);
            }
        }, 0, Math.max(10, config.pollMillis()), TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.INFO, "watching " + folder + " for signed bundle jars");
    }

    @Deactivate
    void stop() throws InterruptedException {
        scanner.shutdownNow();
        if (!scanner.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.log(System.Logger.Level.WARNING, "the deploy folder scan did not stop within 30 s");
        }
    }
}
