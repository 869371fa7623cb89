package org.modelgate.monitor.health.internal;

import java.util.ArrayList;
import java.util.List;

import org.modelgate.monitor.drift.DriftReport;
import org.modelgate.monitor.drift.FeatureDrift;
import org.modelgate.monitor.health.Alert;

/** A drift report as alert conditions: the data set verdict and one per judged input feature. */
final class DriftConditions {

    List<Condition> of(String model, String version, DriftReport report, double driftShare) {
        List<Condition> conditions = new ArrayList<>();
        if (!report.ready()) {
            return conditions; // not enough rows: streaks stay as they are
        }
        double share = report.driftedShare();
        List<String> drifted = report.driftedFeatures();
        conditions.add(new Condition(model, version, Alert.KIND_DRIFT, "dataset", "drift_share", share, driftShare,
                String.format(java.util.Locale.ROOT, "%d of %d features drifted over %d rows%s", drifted.size(), report.features().size(),
                        report.rows(), drifted.isEmpty() ? "" : ": " + String.join(", ", drifted)), report.drifted()));
        for (FeatureDrift feature : report.features()) {
            conditions.add(feature(model, version, feature));
        }
        return conditions;
    }

    private static Condition feature(String model, String version, FeatureDrift f) {
        boolean test = f.decidedBy().isTest();
        double value = test ? f.decidedBy().pValue() : f.decidedBy().value();
        String statistic = f.decidedBy().statistic() + (test ? "_p_value" : "");
        String verdict = test
                ? String.format(java.util.Locale.ROOT, "%s p-value %.3g %s %.3g (statistic %.4f)", f.decidedBy().statistic(), value,
                        f.drifted() ? "<" : ">=", f.threshold(), f.decidedBy().value())
                : String.format(java.util.Locale.ROOT, "%s %.4f %s %.4f", f.decidedBy().statistic(), value, f.drifted() ? ">=" : "<", f.threshold());
        String psi = Double.isNaN(f.psi()) ? "" : String.format(java.util.Locale.ROOT, "; psi %.3f (%s)", f.psi(), f.psiLevel());
        return new Condition(model, version, Alert.KIND_FEATURE_DRIFT, f.feature(), statistic, value, f.threshold(),
                verdict + " over " + f.samples() + " values" + psi, f.drifted());
    }
}
