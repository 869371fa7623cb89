package org.modelgate.build.api;

import static org.assertj.core.api.Assertions.assertThat;

import aQute.bnd.service.diff.Delta;
import aQute.bnd.version.Version;
import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Today's org.modelgate.spi is a compatible successor of the oldest SPI the project still promises
 * to drivers (1.2.0, frozen in itests/spi-1.2): same major version, nothing removed or changed in a
 * way that breaks a driver built against 1.2.0, and a version at least as high as its additions need.
 */
class OldestPromisedSpiTest {

    @Test
    void todaysSpiIsACompatibleSuccessorOfSpi120() throws Exception {
        PackageApi oldest = theOnlyPackageOf(System.getProperty("api.oldest.spi"));
        PackageApi today = theOnlyPackageOf(System.getProperty("api.today.spi"));

        ApiVerdict verdict = ApiCheck.compare(today, oldest);

        assertThat(oldest.version()).isEqualTo(new Version(1, 2, 0));
        assertThat(verdict.delta()).as("a break for 1.2 drivers: %s", verdict.causes()).isNotEqualTo(Delta.MAJOR);
        assertThat(verdict.outcome()).as(verdict.message()).isNotEqualTo(ApiVerdict.Outcome.BUMP_MISSING);
        assertThat(today.version().getMajor()).isEqualTo(1);
    }

    private static PackageApi theOnlyPackageOf(String bundle) throws Exception {
        assertThat(bundle).as("bundle path from the build").isNotNull().doesNotStartWith("${");
        List<PackageApi> packages = BundleApi.exportedPackages(new File(bundle));
        assertThat(packages).extracting(PackageApi::name).containsExactly("org.modelgate.spi");
        return packages.get(0);
    }
}
