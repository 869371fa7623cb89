package org.modelgate.monitor.metrics.internal;

import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.modelgate.monitor.RecordStreamStatus;
import org.modelgate.monitor.RecordStreamStatus.MonitorStatus;

/** The record stream's own counters: records taken and dropped, and per monitor delivered, dropped, failures. */
final class StreamMetrics {
    StreamMetrics(PrometheusRegistry registry, Supplier<RecordStreamStatus> stream) {
        CounterWithCallback.builder().name("modelgate_record_stream_records")
                .help("Inference records the record stream took from the core").callback(callback -> {
                    RecordStreamStatus now = stream.get();
                    if (now != null) {
                        callback.call(now.recordsTaken());
                    }
                }).register(registry);
        CounterWithCallback.builder().name("modelgate_record_stream_dropped_records")
                .help("Inference records dropped because the record stream was full (its dispatcher fell behind)")
                .callback(callback -> {
                    RecordStreamStatus now = stream.get();
                    if (now != null) {
                        callback.call(now.recordsDropped());
                    }
                }).register(registry);
        perMonitor(registry, stream, "modelgate_monitor_delivered_records", "Records each monitor took",
                MonitorStatus::delivered);
        perMonitor(registry, stream, "modelgate_monitor_dropped_records",
                "Records a monitor missed because its queue was full (it is slow or hangs)", MonitorStatus::dropped);
        perMonitor(registry, stream, "modelgate_monitor_failures", "Records on which a monitor threw",
                MonitorStatus::failures);
    }

    private static void perMonitor(PrometheusRegistry registry, Supplier<RecordStreamStatus> stream, String name,
            String help, ToLongFunction<MonitorStatus> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("monitor").callback(callback -> {
            RecordStreamStatus now = stream.get();
            if (now != null) {
                for (MonitorStatus monitor : now.monitors()) {
                    callback.call(value.applyAsLong(monitor), monitor.name());
                }
            }
        }).register(registry);
    }
}
