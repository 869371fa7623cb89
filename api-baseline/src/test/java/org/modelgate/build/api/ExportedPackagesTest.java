package org.modelgate.build.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * The build's check: every package the gateway's bundles export has the API and version recorded
 * in api-baseline/snapshots. With {@code -Dapi.refresh=true} the snapshots of correctly bumped
 * packages are rewritten first (README.md); a change without its bump fails either way.
 */
class ExportedPackagesTest {
    private final ApiSnapshots snapshots = new ApiSnapshots(Path.of(System.getProperty("api.snapshots", "snapshots")));
    private final boolean refresh = Boolean.getBoolean("api.refresh");

    @Test
    void everyExportedPackageHasTheApiAndVersionOfItsSnapshot() throws Exception {
        List<PackageApi> exported = givenTheExportedPackagesOfTheGatewayBundles();

        List<ApiVerdict> verdicts = refresh ? snapshots.refresh(exported) : snapshots.check(exported);

        List<String> failures = verdicts.stream()
                .filter(v -> refresh ? !v.recordable() && v.outcome() != ApiVerdict.Outcome.MATCHES : v.outcome() != ApiVerdict.Outcome.MATCHES)
                .map(ApiVerdict::message).toList();
        if (refresh) {
            verdicts.stream().filter(ApiVerdict::recordable).forEach(v -> System.out.println("[api] recorded " + v.packageName() + " " + v.current()));
        }
        assertThat(failures).as("exported packages and their snapshots in %s:%n%s", System.getProperty("api.snapshots"),
                String.join("\n", failures)).isEmpty();
    }

    @Test
    void everyPackageExportedInTheSourcesIsChecked() throws Exception {
        Path bundles = Path.of(System.getProperty("api.bundles", "../bundles"));
        List<String> declared = new ArrayList<>();
        try (var files = java.nio.file.Files.walk(bundles)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals("package-info.java")
                    && f.toString().contains("/src/main/java/")).toList()) {
                String source = java.nio.file.Files.readString(file);
                if (source.contains("@Export")) {
                    String relative = file.toString().substring(file.toString().indexOf("/src/main/java/") + "/src/main/java/".length());
                    declared.add(relative.substring(0, relative.lastIndexOf('/')).replace('/', '.'));
                }
            }
        }

        List<String> checked = givenTheExportedPackagesOfTheGatewayBundles().stream().map(PackageApi::name).toList();

        assertThat(declared).as("packages with @Export under %s", bundles).isNotEmpty();
        assertThat(checked).as("packages the check sees: a bundle exporting one of the missing ones must be a"
                + " dependency of api-baseline/pom.xml").containsAll(declared);
    }

    private static List<PackageApi> givenTheExportedPackagesOfTheGatewayBundles() throws Exception {
        List<PackageApi> exported = new ArrayList<>();
        List<String> bundles = new ArrayList<>();
        for (URL url : Collections.list(ExportedPackagesTest.class.getClassLoader().getResources("META-INF/MANIFEST.MF"))) {
            Manifest manifest;
            File bundle;
            if (url.getProtocol().equals("jar")) {
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                manifest = connection.getManifest();
                bundle = new File(connection.getJarFileURL().toURI());
            } else {
                try (var in = url.openStream()) {
                    manifest = new Manifest(in);
                }
                bundle = new File(url.toURI()).getParentFile().getParentFile(); // target/classes of a reactor module
            }
            if (bundle.getCanonicalFile().equals(new File(System.getProperty("api.oldest.spi", "")).getCanonicalFile())) {
                continue; // the frozen SPI 1.2.0: OldestPromisedSpiTest's
            }
            Attributes main = manifest.getMainAttributes();
            String symbolicName = main.getValue("Bundle-SymbolicName");
            if (symbolicName != null && symbolicName.startsWith("org.modelgate.") && main.getValue("Export-Package") != null) {
                bundles.add(symbolicName);
                exported.addAll(BundleApi.exportedPackages(bundle));
            }
        }
        assertThat(bundles).as("the bundles under check are on the test class path").contains("org.modelgate.api", "org.modelgate.spi");
        exported.sort(java.util.Comparator.comparing(PackageApi::name));
        return exported;
    }
}
