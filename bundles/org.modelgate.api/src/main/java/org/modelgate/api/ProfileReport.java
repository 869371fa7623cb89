package org.modelgate.api;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The result of profiling a model on this device: one measurement per candidate and the winner, which is
 * stored as the model's execution plan ({@code plan.json}).
 *
 * <p>The winner is the candidate under an accelerator driver with the lowest median latency, ties broken by
 * the higher throughput, then by the order of the candidates. Candidates under the backend's own defaults
 * are measured for comparison but never win: a plan names its driver.
 *
 * @param model the model's name
 * @param version the version profiled
 * @param runs timed runs per candidate
 * @param started when profiling began
 * @param measurements one per candidate, in the order they ran
 * @param winner the winning measurement, or null when no candidate under a driver ran
 * @param plan where the winner was stored ({@code <repository>/<model>/plan.json}), or null when nothing was
 * @param outcome one line for people: what won, where it was stored, what the model now runs under
 */
@ProviderType
public record ProfileReport(String model, String version, int runs, Instant started, List<ProfileMeasurement> measurements,
        ProfileMeasurement winner, String plan, String outcome) {
    /**
     * Creates a report, copying the measurements.
     *
     * @param model the model
     * @param version the version
     * @param runs the runs
     * @param started when it began
     * @param measurements the measurements
     * @param winner the winner, or null
     * @param plan the plan file, or null
     * @param outcome the summary
     */
    public ProfileReport {
        measurements = List.copyOf(measurements);
    }
}
