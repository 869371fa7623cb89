package org.modelgate.benchmarks;

import java.util.Locale;

/** Prints comparison rows as a Markdown table, the form docs/benchmarks.md keeps. */
final class ReportTable {
    private final StringBuilder out = new StringBuilder();

    ReportTable(String baselineName, String subjectName) {
        out.append(String.format(Locale.ROOT, "| workload | %s p50 ms | %s p50 ms | p50 overhead | %s p99 ms | %s p99 ms | p99 ratio | %s req/s | %s req/s |%n",
                baselineName, subjectName, baselineName, subjectName, baselineName, subjectName));
        out.append("|---|---|---|---|---|---|---|---|---|\n");
    }

    void row(String workload, LatencySamples baseline, LatencySamples subject) {
        double b50 = baseline.percentileMillis(50);
        double s50 = subject.percentileMillis(50);
        double b99 = baseline.percentileMillis(99);
        double s99 = subject.percentileMillis(99);
        out.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %+.3f ms (x%.3f) | %.3f | %.3f | x%.3f | %.0f | %.0f |%n",
                workload, b50, s50, s50 - b50, s50 / b50, b99, s99, s99 / b99, baseline.throughput(), subject.throughput()));
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
