/**
 * Drift of live model inputs and outputs against the reference profile of the training data.
 *
 * <p>{@link org.modelgate.monitor.drift.ReferenceProfile} is model.json's {@code "reference"} (read and
 * written here, built from training rows by {@link org.modelgate.monitor.drift.FeatureProfile#of} and
 * {@link org.modelgate.monitor.drift.TensorProfile}); {@link org.modelgate.monitor.drift.MonitorSettings}
 * is model.json's {@code "monitor"}; {@link org.modelgate.monitor.drift.DriftDetector} keeps a bounded
 * sliding window of live values for one model version and judges it with one class per statistic
 * ({@link org.modelgate.monitor.drift.KolmogorovSmirnov}, {@link org.modelgate.monitor.drift.WassersteinDistance},
 * {@link org.modelgate.monitor.drift.PopulationStabilityIndex}, {@link org.modelgate.monitor.drift.JensenShannonDistance},
 * {@link org.modelgate.monitor.drift.ChiSquaredTest}). Modelgate provides every type here; monitors call them.
 */
@Export
@Version("1.0.0")
package org.modelgate.monitor.drift;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
