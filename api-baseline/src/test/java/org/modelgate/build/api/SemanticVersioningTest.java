package org.modelgate.build.api;

import static org.assertj.core.api.Assertions.assertThat;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;
import aQute.bnd.version.Version;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The checker fed with a real package, compiled and bundled here by javac and bnd in two versions:
 * a change without the bump OSGi semantic versioning requires fails, with the bump it passes once
 * recorded, and a refresh cannot record a change whose bump is missing.
 */
class SemanticVersioningTest {
    private static final String PACKAGE = "org.acme.driver";

    @TempDir
    Path work;
    private ApiSnapshots snapshots;
    private final Map<String, String> sources = new TreeMap<>();
    private String version;
    private int builds;

    @BeforeEach
    void givenVersion100RecordedWithAConsumerAndAProviderInterface() throws Exception {
        snapshots = new ApiSnapshots(work.resolve("snapshots"));
        version = "1.0.0";
        sources.put("Driver", """
                @org.osgi.annotation.versioning.ConsumerType
                public interface Driver { String name(); }
                """);
        sources.put("Registry", """
                @org.osgi.annotation.versioning.ProviderType
                public interface Registry { void add(Driver driver); }
                """);
        sources.put("Settings", """
                public final class Settings { public int threads() { return 1; } }
                """);
        List<ApiVerdict> first = snapshots.refresh(built());
        assertThat(first).extracting(ApiVerdict::outcome).containsExactly(ApiVerdict.Outcome.NEW);
        assertThat(snapshots.file(PACKAGE)).content().startsWith("# org.acme.driver 1.0.0\n");
    }

    @Test
    void anUnchangedPackageMatchesItsSnapshot() throws Exception {
        ApiVerdict verdict = whenChecked();

        assertThat(verdict.outcome()).isEqualTo(ApiVerdict.Outcome.MATCHES);
    }

    @Test
    void aMethodAddedToAConsumerInterfaceWithoutABumpFailsAndAsksForTheNextMajor() throws Exception {
        sources.put("Driver", """
                @org.osgi.annotation.versioning.ConsumerType
                public interface Driver { String name(); int rank(); }
                """);

        ApiVerdict verdict = whenChecked();

        assertThat(verdict.outcome()).isEqualTo(ApiVerdict.Outcome.BUMP_MISSING);
        assertThat(verdict.required()).isEqualTo(new Version(2, 0, 0));
        assertThat(verdict.causes()).contains("MAJOR added method rank() in org.acme.driver.Driver");
        assertThat(verdict.message()).contains("org.acme.driver: a MAJOR change needs version 2.0.0 or more")
                .contains("still 1.0.0");
    }

    @Test
    void aMethodAddedToAProviderInterfaceWithoutABumpFailsAndAsksForTheNextMinor() throws Exception {
        sources.put("Registry", """
                @org.osgi.annotation.versioning.ProviderType
                public interface Registry { void add(Driver driver); void remove(Driver driver); }
                """);

        ApiVerdict verdict = whenChecked();

        assertThat(verdict.outcome()).isEqualTo(ApiVerdict.Outcome.BUMP_MISSING);
        assertThat(verdict.required()).isEqualTo(new Version(1, 1, 0));
        assertThat(verdict.causes()).contains("MINOR added method remove(org.acme.driver.Driver) in org.acme.driver.Registry");
    }

    @Test
    void aNewClassWithoutABumpFailsAndAsksForTheNextMinor() throws Exception {
        sources.put("Guard", """
                public final class Guard { public void enter() { } }
                """);

        ApiVerdict verdict = whenChecked();

        assertThat(verdict.outcome()).isEqualTo(ApiVerdict.Outcome.BUMP_MISSING);
        assertThat(verdict.required()).isEqualTo(new Version(1, 1, 0));
    }

    @Test
    void aRemovedMethodIsMajorEvenWithAMinorBump() throws Exception {
        sources.put("Settings", """
                public final class Settings { }
                """);
        version = "1.1.0";

        ApiVerdict verdict = whenChecked();

        assertThat(verdict.outcome()).isEqualTo(ApiVerdict.Outcome.BUMP_MISSING);
        assertThat(verdict.required()).isEqualTo(new Version(2, 0, 0));
        assertThat(verdict.causes()).contains("MAJOR removed method threads() in org.acme.driver.Settings");
    }

    @Test
    void aDefaultMethodWithTheMinorBumpIsToBeRecordedAndMatchesOnceRecorded() throws Exception {
        sources.put("Driver", """
                @org.osgi.annotation.versioning.ConsumerType
                public interface Driver { String name(); default int rank() { return 0; } }
                """);
        version = "1.1.0";

        ApiVerdict before = whenChecked();
        snapshots.refresh(built());
        ApiVerdict after = whenChecked();

        assertThat(before.outcome()).isEqualTo(ApiVerdict.Outcome.TO_RECORD);
        assertThat(before.required()).isEqualTo(new Version(1, 1, 0));
        assertThat(before.message()).contains("the bump is right; record the new API");
        assertThat(after.outcome()).isEqualTo(ApiVerdict.Outcome.MATCHES);
        assertThat(snapshots.file(PACKAGE)).content().startsWith("# org.acme.driver 1.1.0\n").contains("rank()");
    }

    @Test
    void aRefreshDoesNotRecordAChangeWhoseBumpIsMissing() throws Exception {
        String recorded = Files.readString(snapshots.file(PACKAGE));
        sources.put("Driver", """
                @org.osgi.annotation.versioning.ConsumerType
                public interface Driver { String name(); int rank(); }
                """);

        List<ApiVerdict> refreshed = snapshots.refresh(built());

        assertThat(refreshed).extracting(ApiVerdict::outcome).containsExactly(ApiVerdict.Outcome.BUMP_MISSING);
        assertThat(snapshots.file(PACKAGE)).content().isEqualTo(recorded);
        assertThat(whenChecked().outcome()).isEqualTo(ApiVerdict.Outcome.BUMP_MISSING);
    }

    @Test
    void aPackageNoLongerExportedIsReportedAsRemoved() throws Exception {
        List<ApiVerdict> verdicts = snapshots.check(List.of());

        assertThat(verdicts).extracting(ApiVerdict::outcome).containsExactly(ApiVerdict.Outcome.REMOVED);
        assertThat(verdicts.get(0).message()).contains("org.acme.driver 1.0.0 is no longer exported");
    }

    private ApiVerdict whenChecked() throws Exception {
        List<ApiVerdict> verdicts = snapshots.check(built());
        assertThat(verdicts).hasSize(1);
        return verdicts.get(0);
    }

    /** Compiles the package as it is now (javac), bundles it (bnd) and reads its API back. */
    private List<PackageApi> built() throws Exception {
        Path build = work.resolve("build-" + (++builds));
        Path src = Files.createDirectories(build.resolve("src/org/acme/driver"));
        Path classes = Files.createDirectories(build.resolve("classes"));
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17",
                "-cp", new File(ProviderType.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString()));
        Files.writeString(src.resolve("package-info.java"), "@org.osgi.annotation.versioning.Version(\"" + version + "\")\npackage " + PACKAGE + ";\n");
        arguments.add(src.resolve("package-info.java").toString());
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey() + ".java");
            Files.writeString(file, "package " + PACKAGE + ";\n" + source.getValue());
            arguments.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, arguments.toArray(String[]::new))).as("javac").isZero();
        Path bundle = build.resolve("org.acme.driver.jar");
        try (Builder builder = new Builder()) {
            builder.addClasspath(classes.toFile());
            builder.setProperty("Bundle-SymbolicName", PACKAGE);
            builder.setProperty("Bundle-Version", "1.0.0");
            builder.setProperty("Export-Package", PACKAGE);
            try (Jar jar = builder.build()) {
                assertThat(builder.getErrors()).isEmpty();
                jar.write(bundle.toFile());
            }
        }
        return BundleApi.exportedPackages(bundle.toFile());
    }
}
