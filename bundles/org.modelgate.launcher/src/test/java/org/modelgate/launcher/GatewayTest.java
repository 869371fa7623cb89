package org.modelgate.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/** A real Felix provisioned from features, with bundles the test class path carries. */
class GatewayTest {
    @TempDir
    Path home;
    private Gateway gateway;

    @BeforeEach
    void givenAHomeWithSystemAndFeatures() throws IOException {
        Path system = home.resolve("system");
        copyToSystem(system, "org.osgi", "org.osgi.util.function", "1.2.0");
        copyToSystem(system, "org.osgi", "org.osgi.util.promise", "1.3.0");
        copyToSystem(system, "org.apache.felix", "org.apache.felix.configadmin", "1.9.26");
        feature("util", """
                {"id": "t:util:1", "bundles": [
                  {"id": "org.osgi:org.osgi.util.function:1.2.0", "start-order": 1},
                  {"id": "org.osgi:org.osgi.util.promise:1.3.0", "start-order": 2}]}
                """);
        feature("cm", """
                {"id": "t:cm:1",
                 "variables": {"test.port": 8080, "test.dir": "${modelgate.home}/models"},
                 "bundles": [{"id": "org.apache.felix:org.apache.felix.configadmin:1.9.26", "start-order": 1}],
                 "configurations": {
                   "test.pid": {"port:Integer": "${test.port}", "dir": "${test.dir}", "host": "127.0.0.1"},
                   "test.factory~one": {"name": "one"}}}
                """);
        feature("broken", """
                {"id": "t:broken:1", "bundles": [{"id": "org.osgi:org.osgi.util.promise:1.3.0"}]}
                """);
        feature("absent", """
                {"id": "t:absent:1", "bundles": [{"id": "org.example:not-there:1.0"}]}
                """);
        Files.createDirectories(home.resolve("etc"));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop(10_000);
        }
    }

    @Test
    void startsTheFeaturesBundlesAndConfiguresThemWithOverridesInOrder() throws Exception {
        properties("modelgate.features=util,cm\ntest.port=8081\n");
        Files.writeString(home.resolve("etc/test.pid.cfg"), "host=0.0.0.0\n");
        Properties system = systemProperties();
        system.setProperty("test.port", "9090"); // -D beats etc/modelgate.properties beats the feature

        gateway = start(system);

        assertThat(symbolicNamesActive()).contains("org.osgi.util.function", "org.osgi.util.promise", "org.apache.felix.configadmin");
        ConfigAdminBridge admin = ConfigAdminBridge.find(gateway.framework().getBundleContext()).orElseThrow();
        Dictionary<?, ?> test = admin.properties("test.pid");
        assertThat(test.get("port")).isEqualTo(9090);
        assertThat(test.get("dir")).isEqualTo(home.toAbsolutePath().normalize() + "/models");
        assertThat(test.get("host")).isEqualTo("0.0.0.0");
        assertThat(admin.properties("test.factory~one").get("name")).isEqualTo("one");
    }

    @Test
    void aRestartReusesTheCacheAndUninstallsWhatNoFeatureNamesAnyMore() throws Exception {
        properties("modelgate.features=util,cm\n");
        gateway = start(systemProperties());
        Map<String, Long> firstIds = bundleIds();
        gateway.stop(10_000);

        gateway = start(systemProperties());
        assertThat(bundleIds()).as("installBundle by location gives the installed bundle back").isEqualTo(firstIds);
        gateway.stop(10_000);

        properties("modelgate.features=util\n");
        gateway = start(systemProperties());
        assertThat(bundleIds()).doesNotContainKey("org.apache.felix.configadmin")
                .containsEntry("org.osgi.util.promise", firstIds.get("org.osgi.util.promise"));
    }

    @Test
    void aMissingFeatureIsAClearError() throws Exception {
        properties("modelgate.features=util,nope\n");
        assertThatThrownBy(() -> start(systemProperties())).isInstanceOf(LauncherException.class)
                .hasMessageContaining("Feature 'nope' not found")
                .hasMessageContaining("Available features: absent, broken, cm, util");
    }

    @Test
    void aBundleMissingFromSystemIsNamedWithItsFeatureAndPath() throws Exception {
        properties("modelgate.features=util,absent\n");
        assertThatThrownBy(() -> start(systemProperties())).isInstanceOf(LauncherException.class)
                .hasMessageContaining("org.example:not-there:1.0 of feature 'absent'")
                .hasMessageContaining("system/org/example/not-there/1.0/not-there-1.0.jar does not exist");
    }

    @Test
    void aBundleThatDoesNotResolveListsTheUnresolvedRequirementAndTheFeatureThatExportsIt() throws Exception {
        properties("modelgate.features=broken\n");
        assertThatThrownBy(() -> start(systemProperties())).isInstanceOf(LauncherException.class)
                .hasMessageContaining("1 bundle(s) do not resolve")
                .hasMessageContaining("org.osgi.util.promise 1.3.0")
                .hasMessageContaining("missing requirement osgi.wiring.package; (&(osgi.wiring.package=org.osgi.util.function)")
                .hasMessageEndingWith("\n  feature 'util' exports org.osgi.util.function: add it to modelgate.features")
                .hasMessageNotContaining("feature 'cm'");
    }

    @Test
    void packageNamesOfAnExportHeaderSkipAttributesAndQuotedCommas() {
        assertThat(FeatureHints.packageNames("a.b;version=\"1.0\";uses:=\"c.d,e.f\",g.h;i.j;version=2,k"))
                .containsExactly("a.b", "g.h", "i.j", "k");
    }

    @Test
    void aCheckResolvesTheFeaturesInACacheOfItsOwnAndStartsNothing() throws Exception {
        properties("modelgate.features=util,cm\n");
        gateway = new Gateway(LauncherSettings.load(home.toAbsolutePath().normalize(), systemProperties()));

        int resolved = gateway.check();

        assertThat(resolved).isEqualTo(3);
        assertThat(home.resolve("data/check")).as("the check's own cache is gone").doesNotExist();
        assertThat(home.resolve("data/cache")).as("the gateway's cache is untouched").doesNotExist();
    }

    @Test
    void aCheckOfAFeatureThatDoesNotResolveNamesTheMissingRequirement() throws Exception {
        properties("modelgate.features=broken\n");
        gateway = new Gateway(LauncherSettings.load(home.toAbsolutePath().normalize(), systemProperties()));

        assertThatThrownBy(gateway::check).isInstanceOf(LauncherException.class)
                .hasMessageContaining("1 bundle(s) do not resolve")
                .hasMessageContaining("missing requirement osgi.wiring.package; (&(osgi.wiring.package=org.osgi.util.function)");
        assertThat(home.resolve("data/check")).doesNotExist();
    }

    @Test
    void anUndefinedVariableStopsTheStartBeforeTheFrameworkRuns() throws Exception {
        properties("modelgate.features=util,cm\n");
        feature("cm", """
                {"id": "t:cm:1", "bundles": [{"id": "org.apache.felix:org.apache.felix.configadmin:1.9.26"}],
                 "configurations": {"test.pid": {"port": "${undefined.port}"}}}
                """);
        assertThatThrownBy(() -> start(systemProperties())).isInstanceOf(LauncherException.class)
                .hasMessageContaining("${undefined.port} in configuration test.pid of feature 'cm'");
        assertThat(gateway.framework()).isNull();
    }

    private Gateway start(Properties system) throws LauncherException {
        gateway = new Gateway(LauncherSettings.load(home.toAbsolutePath().normalize(), system));
        gateway.start();
        return gateway;
    }

    private Properties systemProperties() {
        Properties system = new Properties();
        system.setProperty("os.name", "Linux");
        system.setProperty("os.arch", "amd64");
        return system;
    }

    private Map<String, Long> bundleIds() {
        return Arrays.stream(gateway.framework().getBundleContext().getBundles()).filter(b -> b.getBundleId() != 0)
                .collect(Collectors.toMap(Bundle::getSymbolicName, Bundle::getBundleId));
    }

    private java.util.List<String> symbolicNamesActive() {
        return Arrays.stream(gateway.framework().getBundleContext().getBundles()).filter(b -> b.getState() == Bundle.ACTIVE)
                .map(Bundle::getSymbolicName).toList();
    }

    private void properties(String text) throws IOException {
        Files.writeString(home.resolve("etc/modelgate.properties"), text);
    }

    private void feature(String name, String json) throws IOException {
        Path dir = home.resolve("system/features");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".json"), json);
    }

    /** Copies a jar of the test class path into system/ in Maven layout. */
    private static void copyToSystem(Path system, String group, String artifact, String version) throws IOException {
        String file = artifact + "-" + version + ".jar";
        Path jar = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
                .filter(p -> p.getFileName().toString().equals(file)).findFirst()
                .orElseThrow(() -> new IllegalStateException(file + " is not on the test class path"));
        Path target = ArtifactCoordinates.parse(group + ":" + artifact + ":" + version).pathIn(system);
        Files.createDirectories(target.getParent());
        Files.copy(jar, target);
    }
}
