package org.modelgate.remote.commands.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.BundleInstaller;
import org.modelgate.api.BundleRefusedException;
import org.modelgate.api.InstalledBundle;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.CommandException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * install, update, start, stop, uninstall and status over a real Felix framework. The bundle installer here installs
 * at the BundleInstaller's locations ({@code modelgate-vendor:<name>}) without checking signatures (org.modelgate.deploy
 * does that and has its own tests); a jar whose manifest says {@code X-Test-Unsigned} is refused as deploy refuses an
 * unsigned one.
 */
class VendorBundleCommandsTest {
    @TempDir
    Path dir;

    private Framework framework;
    private BundleContext context;
    private PackageSources sources;
    private BundleInstaller installer;

    @BeforeEach
    void givenAFrameworkWithADistributionBundle() throws Exception {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow();
        framework = factory.newFramework(Map.of("org.osgi.framework.storage", dir.resolve("cache").toString(),
                "org.osgi.framework.storage.clean", "onFirstInit"));
        framework.start();
        context = framework.getBundleContext();
        context.installBundle("mvn:org.modelgate/org.modelgate.core/0.1.0", jar("org.modelgate.core", "0.1.0", false))
                .start();
        sources = new PackageSources(new TransferFolder(dir.resolve("transfers"), 1 << 20, 4, Duration.ofHours(1),
                Clock.systemUTC()), new HttpsPull(dir.resolve("transfers"), 1 << 20, Duration.ofSeconds(5),
                SSLContext.getDefault()));
        installer = new FrameworkInstaller(context);
    }

    @AfterEach
    void stopFramework() throws Exception {
        framework.stop();
        framework.waitForStop(60_000);
    }

    @Test
    void aVendorBundleIsInstalledUpdatedStoppedStartedAndUninstalled() throws Exception {
        Map<String, Object> installed = map(map(run(install(), "install", sent("t1", "acme-1.0.0.jar", jarBytes("com.acme.camera",
                "1.0.0", false)))).get("bundle"));
        assertThat(installed).containsEntry("symbolic_name", "com.acme.camera").containsEntry("version", "1.0.0")
                .containsEntry("started", true);
        assertThat(vendor().getState()).isEqualTo(Bundle.ACTIVE);

        Map<String, Object> updated = map(map(run(update(), "update", sent("t2", "acme-1.1.0.jar", jarBytes("com.acme.camera",
                "1.1.0", false)))).get("bundle"));
        assertThat(updated).containsEntry("version", "1.1.0").containsEntry("previous_version", "1.0.0");
        assertThat(vendor().getVersion().toString()).isEqualTo("1.1.0");

        assertThat(map(run(stop(), "stop", Map.of("symbolic_name", "com.acme.camera")))).containsEntry("state", "resolved");
        assertThat(vendor().getState()).isEqualTo(Bundle.RESOLVED);
        assertThat(map(run(start(), "start", Map.of("symbolic_name", "com.acme.camera")))).containsEntry("state", "active");

        StatusCommand status = new StatusCommand();
        status.registry = new RecordingRegistry();
        status.activate(context);
        Map<String, Object> bundles = map(map(status.run(call("status", Map.of()))).get("bundles"));
        assertThat(bundles.get("vendor").toString()).contains("com.acme.camera").doesNotContain("org.modelgate.core");
        assertThat(map(bundles.get("by_state"))).containsEntry("active", 3);

        UninstallCommand uninstall = new UninstallCommand();
        uninstall.installer = installer;
        assertThat(map(run(uninstall, "uninstall", Map.of("symbolic_name", "com.acme.camera"))))
                .containsEntry("version", "1.1.0");
        assertThat(context.getBundle(VendorBundles.LOCATION_PREFIX + "com.acme.camera")).isNull();
        assertThat(dir.resolve("transfers")).isEmptyDirectory();
    }

    @Test
    void installRefusesAnInstalledBundleAndUpdateOneThatIsNot() throws IOException {
        run(install(), "install", sent("t1", "acme-1.0.0.jar", jarBytes("com.acme.camera", "1.0.0", false)));
        assertThatThrownBy(() -> run(install(), "install", sent("t2", "acme-1.0.1.jar", jarBytes("com.acme.camera",
                "1.0.1", false)))).isInstanceOf(CommandException.class)
                .hasMessage("com.acme.camera 1.0.0 is installed already; send it with update to replace it; nothing was "
                        + "installed");
        assertThatThrownBy(() -> run(update(), "update", sent("t3", "other-1.0.0.jar", jarBytes("com.acme.other",
                "1.0.0", false)))).hasMessage("no vendor bundle named com.acme.other is installed");
        assertThat(context.getBundle(VendorBundles.LOCATION_PREFIX + "com.acme.other")).isNull();
        assertThat(dir.resolve("transfers")).isEmptyDirectory();
    }

    @Test
    void aJarTheInstallerRefusesIsReportedAndNothingIsInstalled() throws IOException {
        assertThatThrownBy(() -> run(install(), "install", sent("t1", "evil-1.0.0.jar", jarBytes("com.acme.evil",
                "1.0.0", true)))).isInstanceOf(CommandException.class)
                .hasMessageStartingWith("installing com.acme.evil from evil-1.0.0.jar: evil-1.0.0.jar refused: not signed");
        assertThat(context.getBundle(VendorBundles.LOCATION_PREFIX + "com.acme.evil")).isNull();
        assertThat(dir.resolve("transfers")).isEmptyDirectory();
        assertThatThrownBy(() -> run(install(), "install", sent("t2", "notes.jar", "not a zip".getBytes(
                StandardCharsets.UTF_8)))).hasMessageContaining("notes.jar is not a readable jar");
    }

    @Test
    void startAndStopRefuseTheDistributionsBundles() {
        assertThatThrownBy(() -> run(stop(), "stop", Map.of("symbolic_name", "org.modelgate.core")))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("org.modelgate.core is a bundle of the distribution");
        assertThat(context.getBundle("mvn:org.modelgate/org.modelgate.core/0.1.0").getState()).isEqualTo(Bundle.ACTIVE);
        assertThatThrownBy(() -> run(start(), "start", Map.of("symbolic_name", "com.acme.none")))
                .hasMessage("no vendor bundle named com.acme.none is installed");
    }

    private InstallCommand install() {
        InstallCommand command = new InstallCommand();
        command.installer = installer;
        command.sources = sources;
        command.activate(context);
        return command;
    }

    private UpdateCommand update() {
        UpdateCommand command = new UpdateCommand();
        command.installer = installer;
        command.sources = sources;
        command.activate(context);
        return command;
    }

    private StartCommand start() {
        StartCommand command = new StartCommand();
        command.activate(context);
        return command;
    }

    private StopCommand stop() {
        StopCommand command = new StopCommand();
        command.activate(context);
        return command;
    }

    private Bundle vendor() {
        return context.getBundle(VendorBundles.LOCATION_PREFIX + "com.acme.camera");
    }

    private static Object run(org.modelgate.remote.RemoteCommand command, String name, Map<String, Object> body) {
        return command.run(call(name, body));
    }

    private static CommandCall call(String name, Map<String, Object> body) {
        return new CommandCall(name, "id-" + System.nanoTime(), body, "ops-key", null, null);
    }

    private static Map<String, Object> sent(String transfer, String file, byte[] bytes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transfer", transfer);
        body.put("file", file);
        body.put("size", bytes.length);
        body.put("sha256", TransferFolderTest.sha256(bytes));
        body.put("offset", 0);
        body.put("data", Base64.getEncoder().encodeToString(bytes));
        return body;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static InputStream jar(String name, String version, boolean unsigned) throws IOException {
        return new java.io.ByteArrayInputStream(jarBytes(name, version, unsigned));
    }

    static byte[] jarBytes(String name, String version, boolean unsigned) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", name + ";singleton:=true");
        main.putValue("Bundle-Version", version);
        if (unsigned) {
            main.putValue("X-Test-Unsigned", "true");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.putNextEntry(new JarEntry("notes.txt"));
            out.write(("the " + name + " bundle, " + version).getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** Installs at the BundleInstaller's locations, as org.modelgate.deploy does once a jar's signature verified. */
    private record FrameworkInstaller(BundleContext context) implements BundleInstaller {
        @Override
        public InstalledBundle install(Path jar, String actor) {
            try (JarFile file = new JarFile(jar.toFile())) {
                Attributes main = file.getManifest().getMainAttributes();
                if (main.getValue("X-Test-Unsigned") != null) {
                    throw new BundleRefusedException(BundleRefusedException.Reason.NOT_SIGNED,
                            jar.getFileName() + " refused: not signed: it has no META-INF/*.SF signature file");
                }
                String name = main.getValue("Bundle-SymbolicName").split(";")[0];
                Bundle bundle = context.getBundle(VendorBundles.LOCATION_PREFIX + name);
                String previous = bundle == null ? null : bundle.getVersion().toString();
                try (InputStream in = Files.newInputStream(jar)) {
                    if (bundle == null) {
                        bundle = context.installBundle(VendorBundles.LOCATION_PREFIX + name, in);
                    } else {
                        bundle.update(in);
                    }
                }
                bundle.start();
                return new InstalledBundle(bundle.getBundleId(), name, bundle.getVersion().toString(), previous,
                        "CN=test", "test", null, true, null);
            } catch (IOException | BundleException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public InstalledBundle uninstall(String symbolicName, String actor) {
            Bundle bundle = context.getBundle(VendorBundles.LOCATION_PREFIX + symbolicName);
            try {
                InstalledBundle was = new InstalledBundle(bundle.getBundleId(), symbolicName,
                        bundle.getVersion().toString(), null, null, null, null, false, null);
                bundle.uninstall();
                return was;
            } catch (BundleException e) {
                throw new IllegalStateException(e);
            }
        }
    }

}
