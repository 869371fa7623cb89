package org.modelgate.monitor.metrics.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Process and JVM memory under the names of the Prometheus client's JVM instrumentation ({@code
 * process_resident_memory_bytes}, {@code jvm_memory_used_bytes}), read here: that module imports
 * {@code com.sun.management}, which the framework does not export by default. The resident set comes from
 * {@code /proc/self/status}; where that is unreadable the series is absent, never a made-up number.
 */
final class MemoryMetrics {
    private static final Path STATUS = Path.of("/proc/self/status");

    MemoryMetrics(PrometheusRegistry registry) {
        GaugeWithCallback.builder().name("process_resident_memory_bytes")
                .help("Resident memory of the gateway process (VmRSS), native memory of the models included")
                .callback(callback -> residentBytes(STATUS).ifPresent(callback::call)).register(registry);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        GaugeWithCallback.builder().name("jvm_memory_used_bytes").help("Used JVM memory by area").labelNames("area")
                .callback(callback -> {
                    callback.call(memory.getHeapMemoryUsage().getUsed(), "heap");
                    callback.call(memory.getNonHeapMemoryUsage().getUsed(), "nonheap");
                }).register(registry);
    }

    /** VmRSS of a {@code /proc/<pid>/status} file in bytes; empty where the file or the line is missing. */
    static OptionalLong residentBytes(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
