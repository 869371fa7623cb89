package org.modelgate.monitor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drift on real data (iris, wine, breast cancer): the reference is a shuffled 70 %, the live window
 * the other 30 % (no drift), the same with one feature scaled, or the rows of one class only.
 */
class DriftOnRealDataTest {
    private static final MonitorSettings SETTINGS = new MonitorSettings(1000, 30, DriftMethod.AUTO, DriftThresholds.DEFAULTS);
    private static final long SEED = 7;

    private LabelledData reference;
    private LabelledData live;
    private DriftDetector detector;
    private DriftReport report;

    @ParameterizedTest
    @ValueSource(strings = {"iris.csv", "wine_data.csv", "breast_cancer.csv"})
    void aShuffledWindowFromTheTrainingDistributionRaisesNothing(String data) throws Exception {
        givenAReferenceFromSeventyPercentOf(data);
        whenTheOtherThirtyPercentIsObserved(row -> row);
        thenTheDataSetHasNotDrifted();
        // at p < 0.05 one feature in twenty flags by chance, and breast cancer's 30 features come in
        // correlated triples (mean, error, worst of one measurement), so chance flags come in groups
        assertThat(report.driftedFeatures().size()).isLessThanOrEqualTo(reference.width() / 5);
        assertThat(report.predictions()).hasValueSatisfying(p -> assertThat(p.drifted()).isFalse());
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris.csv", "wine_data.csv", "breast_cancer.csv"})
    void aScaledFeatureIsFlaggedAndOnlyIt(String data) throws Exception {
        givenAReferenceFromSeventyPercentOf(data);
        whenTheOtherThirtyPercentIsObserved(row -> row);
        List<String> byChance = report.driftedFeatures();
        givenAReferenceFromSeventyPercentOf(data);
        whenTheOtherThirtyPercentIsObserved(row -> {
            double[] scaled = row.clone();
            scaled[2] *= 1.5;
            return scaled;
        });
        thenFeatureDrifted(2);
        assertThat(report.driftedFeatures()).as("only the scaled feature, besides those the unchanged window flags by chance (%s)", byChance)
                .isSubsetOf(concat("f2", byChance));
        assertThat(report.drifted()).as("one drifted feature of several is no data set drift").isFalse();
    }

    @Test
    void aWindowOfOneIrisClassFlagsThePetalsAndThePredictions() throws Exception {
        givenAReferenceFromSeventyPercentOf("iris.csv");
        live = LabelledData.load("iris.csv").ofClass(0); // setosa only
        observe(live, row -> row);
        thenFeatureDrifted(2);
        thenFeatureDrifted(3);
        thenTheDataSetHasDrifted();
        assertThat(report.predictions()).hasValueSatisfying(p -> {
            assertThat(p.drifted()).isTrue();
            assertThat(p.decidedBy().statistic()).isEqualTo(ChiSquaredTest.NAME);
        });
    }

    @Test
    void theWholeDataSetSentAsFloat32DriftsNothing() throws Exception {
        givenAReferenceFromSeventyPercentOf("iris.csv");
        LabelledData all = LabelledData.load("iris.csv");
        for (double[] row : all.rows()) {
            float[] sent = new float[row.length];
            for (int f = 0; f < row.length; f++) {
                sent[f] = (float) row[f]; // what a client's FP32 tensor carries
            }
            detector.observeInputs(sent);
        }
        report = detector.report();

        // petal width is 0.2 in 29 of 150 rows: widened as 0.20000000298 the whole tie sat right of the reference's
        assertThat(report.driftedFeatures()).isEmpty();
        assertThat(report.features()).allSatisfy(f -> assertThat(f.psiLevel()).isNotEqualTo("significant"));
    }

    @Test
    void nanAndInfinitiesAreCountedAndLeftOut() throws Exception {
        givenAReferenceFromSeventyPercentOf("iris.csv");
        whenTheOtherThirtyPercentIsObserved(row -> row);
        detector.observeInputs(new double[] {Double.NaN, Double.POSITIVE_INFINITY, 1e308 * 10, Double.NaN});
        report = detector.report();
        thenTheDataSetHasNotDrifted();
        assertThat(report.features().get(0).nonFinite()).isEqualTo(1);
        assertThat(report.features().get(1).nonFinite()).isEqualTo(1);
        assertThat(report.features().get(0).samples()).isEqualTo(live.rows().size());
    }

    @Test
    void noVerdictBeforeTheMinimumSamples() throws Exception {
        givenAReferenceFromSeventyPercentOf("iris.csv");
        LabelledData setosa = LabelledData.load("iris.csv").ofClass(0);
        for (int i = 0; i < SETTINGS.minSamples() - 1; i++) {
            detector.observeInputs(setosa.rows().get(i));
        }
        report = detector.report();
        assertThat(report.ready()).isFalse();
        assertThat(report.drifted()).isFalse();
        assertThat(report.rows()).isEqualTo(SETTINGS.minSamples() - 1);
    }

    @Test
    void theWindowForgetsTheOldestRows() throws Exception {
        reference = LabelledData.load("iris.csv").shuffledSplit(0.7, SEED).get(0);
        MonitorSettings small = new MonitorSettings(40, 30, DriftMethod.AUTO, DriftThresholds.DEFAULTS);
        detector = new DriftDetector(TensorProfile.ofRows(List.of(), reference.matrix()), null, small);
        LabelledData all = LabelledData.load("iris.csv");
        observe(all.ofClass(0), row -> row); // 50 setosa rows: drift
        assertThat(detector.report().drifted()).isTrue();
        observe(all.shuffledSplit(0.7, SEED).get(1), row -> row); // 45 mixed rows push every setosa row out
        report = detector.report();
        assertThat(report.rows()).isEqualTo(40);
        thenTheDataSetHasNotDrifted();
    }

    @Test
    void aLargeReferenceIsJudgedByTheNormedWassersteinDistance() throws Exception {
        givenAReferenceFromSeventyPercentOf("breast_cancer.csv");
        MonitorSettings largeFromHundred = new MonitorSettings(1000, 30, DriftMethod.AUTO,
                new DriftThresholds(0.05, 0.05, 0.1, 0.1, 0.1, 0.25, 0.5, 100));
        detector = new DriftDetector(TensorProfile.ofRows(List.of(), reference.matrix()), null, largeFromHundred);
        observe(live, row -> {
            double[] shifted = row.clone();
            shifted[0] *= 1.3;
            return shifted;
        });
        assertThat(report.features().get(0).decidedBy().statistic()).isEqualTo(WassersteinDistance.NAME);
        thenFeatureDrifted(0);
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(rest);
        all.add(first);
        return all;
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris.csv", "wine_data.csv", "breast_cancer.csv"})
    void theReferenceSampleRebuiltFromPercentilesGivesTheKsStatisticOfTheTrueReferenceRows(String data) throws Exception {
        givenAReferenceFromSeventyPercentOf(data);
        for (int f = 0; f < reference.width(); f++) {
            final int feature = f;
            double[] rows = reference.rows().stream().mapToDouble(r -> r[feature]).toArray();
            double[] current = live.rows().stream().mapToDouble(r -> r[feature]).toArray();
            StatisticValue rebuilt = KolmogorovSmirnov.test(FeatureProfile.of("f", rows).referenceSample(), current);
            StatisticValue exact = KolmogorovSmirnov.test(rows, current);
            // the rebuilt distribution function is exact at each percentile: D moves by at most a
            // percentile step plus one reference row
            assertThat(rebuilt.value()).as("D of feature %d", f)
                    .isCloseTo(exact.value(), org.assertj.core.api.Assertions.within(0.01 + 1.0 / rows.length + 1e-9));
            if (exact.pValue() < 0.01 || exact.pValue() > 0.1) {
                assertThat(rebuilt.pValue() < 0.05).as("verdict on feature %d (exact p %s)", f, exact.pValue())
                        .isEqualTo(exact.pValue() < 0.05);
            }
        }
    }

    private void givenAReferenceFromSeventyPercentOf(String data) throws Exception {
        List<LabelledData> split = LabelledData.load(data).shuffledSplit(0.7, SEED);
        reference = split.get(0);
        live = split.get(1);
        detector = new DriftDetector(TensorProfile.ofRows(List.of(), reference.matrix()),
                TensorProfile.ofClassifierOutputs(reference.classes(), reference.oneHot()), SETTINGS);
    }

    private void whenTheOtherThirtyPercentIsObserved(java.util.function.UnaryOperator<double[]> change) {
        observe(live, change);
    }

    private void observe(LabelledData data, java.util.function.UnaryOperator<double[]> change) {
        double[][] outputs = data.oneHot();
        for (int i = 0; i < data.rows().size(); i++) {
            detector.observeInputs(change.apply(data.rows().get(i)));
            float[] out = new float[outputs[i].length];
            for (int c = 0; c < out.length; c++) {
                out[c] = (float) outputs[i][c];
            }
            detector.observeOutputs(out);
        }
        report = detector.report();
    }

    private void thenTheDataSetHasNotDrifted() {
        assertThat(report.ready()).isTrue();
        assertThat(report.drifted()).as("drifted features %s", report.driftedFeatures()).isFalse();
    }

    private void thenTheDataSetHasDrifted() {
        assertThat(report.ready()).isTrue();
        assertThat(report.drifted()).as("share %s", report.driftedShare()).isTrue();
    }

    private void thenFeatureDrifted(int feature) {
        assertThat(report.driftedFeatures()).contains("f" + feature);
        FeatureDrift drift = report.features().get(feature);
        assertThat(drift.drifted()).isTrue();
    }
}
