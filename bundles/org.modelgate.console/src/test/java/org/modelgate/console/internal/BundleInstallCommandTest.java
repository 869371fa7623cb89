package org.modelgate.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.modelgate.api.BundleInstaller;
import org.modelgate.api.BundleRefusedException;
import org.modelgate.api.BundleRefusedException.Reason;
import org.modelgate.api.InstalledBundle;

/**
 * Feature: {@code mg:install <file.jar>} hands a vendor bundle to the bundle installer (which verifies it)
 * and says what happened in one line; packages and folders still go to the model registry.
 */
class BundleInstallCommandTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final List<String> asked = new ArrayList<>();
    private ModelCommands commands;
    private FakeCore core;

    @BeforeEach
    void givenTheConsoleWithABundleInstaller() {
        PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        commands = new ModelCommands(() -> out, () -> err, () -> "alice (ssh key SHA256:abc)");
        core = new FakeCore();
        commands.registry = core;
        commands.bundleInstaller = new BundleInstaller() {
            @Override
            public InstalledBundle install(Path jar, String actor) {
                asked.add(actor + " " + jar);
                if (jar.toString().contains("unsigned")) {
                    throw new BundleRefusedException(Reason.NOT_SIGNED, jar + " refused: not signed: it has no"
                            + " META-INF/*.SF signature file");
                }
                boolean update = jar.toString().contains("1.1.0");
                return new InstalledBundle(57, "org.example.camera", update ? "1.1.0" : "1.0.0", update ? "1.0.0" : null,
                        "CN=Acme Release,O=Acme", "acme", "ab".repeat(32), !jar.toString().contains("needy"),
                        jar.toString().contains("needy") ? "missing requirement org.example.lens" : null);
            }

            @Override
            public InstalledBundle uninstall(String symbolicName, String actor) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void aSignedJarIsInstalledOnBehalfOfTheSessionsOperator() {
        commands.install("/tmp/camera-1.0.0.jar");
        assertThat(asked).containsExactly("alice (ssh key SHA256:abc) /tmp/camera-1.0.0.jar");
        assertThat(out()).isEqualTo("installed org.example.camera 1.0.0 (bundle 57), signed by CN=Acme Release,O=Acme"
                + " (key acme)");
        assertThat(err()).isEmpty();
    }

    @Test
    void anUpdateShowsBothVersionsAndAProblemIsShown() {
        commands.install("/tmp/camera-1.1.0.jar");
        commands.install("/tmp/needy.jar");
        assertThat(out().lines()).containsExactly(
                "updated org.example.camera 1.0.0 -> 1.1.0 (bundle 57), signed by CN=Acme Release,O=Acme (key acme)",
                "installed org.example.camera 1.0.0 (bundle 57), signed by CN=Acme Release,O=Acme (key acme); not started:"
                        + " missing requirement org.example.lens");
    }

    @Test
    void aRefusalIsOneLineOnStderr() {
        commands.install("/tmp/unsigned.jar");
        assertThat(out()).isEmpty();
        assertThat(err()).isEqualTo("mg:install: /tmp/unsigned.jar refused: not signed: it has no META-INF/*.SF signature file");
    }

    @Test
    void withoutTheInstallerTheCommandSaysWhy() {
        commands.bundleInstaller = null;
        commands.install("/tmp/camera-1.0.0.jar");
        assertThat(err()).isEqualTo("mg:install: the bundle installer is not available (is org.modelgate.deploy running?)");
    }

    @Test
    void aPackageStillGoesToTheModelRegistry() {
        commands.install("/tmp/iris-1.0.0.mgp");
        assertThat(asked).isEmpty();
        assertThat(err()).contains("this test gateway installs nothing: /tmp/iris-1.0.0.mgp");
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8).strip();
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8).strip();
    }
}
