package org.modelgate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.List;
import java.util.Random;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.modelgate.itests.support.Gateway;
import org.modelgate.itests.support.Platform;
import org.modelgate.monitor.drift.ChiSquaredTest;
import org.modelgate.monitor.drift.DriftDetector;
import org.modelgate.monitor.drift.DriftReport;
import org.modelgate.monitor.drift.FeatureProfile;
import org.modelgate.monitor.drift.KolmogorovSmirnov;
import org.modelgate.monitor.drift.MeanShiftTest;
import org.modelgate.monitor.drift.MonitorSettings;
import org.modelgate.monitor.drift.TensorProfile;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The drift feature's bundles in Felix, as the distribution ships them: they resolve and start, and
 * the statistics run on Apache Commons Statistics through its OSGi imports (the KS test, chi-squared,
 * the normal distribution), so a missing import shows here and not on a device.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DriftStatisticsIT {
    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return options(Platform.felix(DriftStatisticsIT.class), Platform.drift());
    }

    @Test
    public void everyBundleOfTheDriftFeatureIsActive() {
        Gateway gateway = new Gateway(context);
        assertTrue("bundles not active: " + gateway.inactiveBundles(), gateway.inactiveBundles().isEmpty());
        assertEquals(Bundle.ACTIVE, gateway.bundle("org.modelgate.monitor.drift").getState());
    }

    @Test
    public void aShiftedWindowDriftsAndAnUnchangedOneDoesNot() {
        Random random = new Random(11);
        double[][] reference = new double[800][2];
        for (double[] row : reference) {
            row[0] = random.nextGaussian();
            row[1] = random.nextInt(3);
        }
        TensorProfile profile = TensorProfile.ofRows(List.of("x", "level"), reference);
        DriftDetector same = new DriftDetector(profile, null, MonitorSettings.DEFAULTS);
        DriftDetector shifted = new DriftDetector(profile, null, MonitorSettings.DEFAULTS);
        for (int i = 0; i < 400; i++) {
            double x = random.nextGaussian();
            int level = random.nextInt(3);
            same.observeInputs(new double[] {x, level});
            shifted.observeInputs(new double[] {x + 1, level == 0 ? 2 : level});
        }

        DriftReport unchanged = same.report();
        DriftReport moved = shifted.report();

        assertFalse("drifted: " + unchanged.driftedFeatures(), unchanged.drifted());
        assertEquals(List.of("x", "level"), moved.driftedFeatures());
        assertEquals(KolmogorovSmirnov.NAME, moved.features().get(0).decidedBy().statistic());
        assertEquals(ChiSquaredTest.NAME, moved.features().get(1).decidedBy().statistic());
        assertTrue(moved.drifted());
    }

    @Test
    public void aMomentOnlyReferenceUsesTheNormalDistribution() {
        FeatureProfile moments = new FeatureProfile("x", 100, 0, 1, -3, 3, null, null, null);
        assertTrue(MeanShiftTest.test(moments, new double[] {2, 2.5, 3, 2.2}).pValue() < 0.05);
    }
}
