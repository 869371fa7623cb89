package org.modelgate.monitor.metrics.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.modelgate.spi.EnergyMeter;
import org.modelgate.spi.EnergyReading;

/**
 * Energy on /metrics, from every {@link EnergyMeter} service (RAPL and hwmon meters of org.modelgate.energy, an
 * accelerator driver's own):
 * <ul>
 * <li>{@code modelgate_energy_joules_total{meter,domain}}: what each readable meter has counted, read at the scrape;
 * <li>{@code modelgate_energy_meter_up{meter,domain,reason}}: 1 for a meter that reads, 0 with the reason for one that
 * cannot (no number is made up);
 * <li>{@code modelgate_energy_power_watts{meter,domain}}: the average power over the last sampling interval;
 * <li>{@code modelgate_energy_joules_per_inference{model}}: the interval's joules of all readable meters, shared
 * among the models by their compute time, divided by each model's inferences in it. An estimate: the meters measure
 * the whole device (other processes, idle power included), and concurrent models share by compute time.
 * </ul>
 * The sampler ({@link #sample()}) runs on the component's timer; gauges without a sample yet are absent.
 */
final class EnergyMetrics {
    private final Supplier<Map<EnergyMeter, String>> meters;
    private final ComputeShares compute;
    private Map<EnergyMeter, EnergyReading> lastReadings = Map.of();
    private Map<String, long[]> lastCompute = Map.of();
    private volatile Map<List<String>, Double> watts = Map.of();
    private volatile Map<String, Double> joulesPerInference = Map.of();

    EnergyMetrics(PrometheusRegistry registry, Supplier<Map<EnergyMeter, String>> meters, ComputeShares compute) {
        this.meters = meters;
        this.compute = compute;
        CounterWithCallback.builder().name("modelgate_energy_joules")
                .help("Energy each meter has counted since its fixed point (RAPL, hwmon, accelerator drivers)")
                .labelNames("meter", "domain").callback(callback -> {
                    meters.get().forEach((meter, domain) -> {
                        EnergyReading reading = read(meter);
                        if (reading.readable()) {
                            callback.call(reading.joules(), meter.name(), domain);
                        }
                    });
                }).register(registry);
        GaugeWithCallback.builder().name("modelgate_energy_meter_up")
                .help("1 for an energy meter that reads, 0 for one that cannot, with the reason")
                .labelNames("meter", "domain", "reason").callback(callback -> {
                    meters.get().forEach((meter, domain) -> {
                        EnergyReading reading = read(meter);
                        callback.call(reading.readable() ? 1 : 0, meter.name(), domain,
                                reading.readable() ? "" : reading.unavailable());
                    });
                }).register(registry);
        GaugeWithCallback.builder().name("modelgate_energy_power_watts")
                .help("Average power of each meter over the last sampling interval").labelNames("meter", "domain")
                .callback(callback -> watts.forEach((meter, w) -> callback.call(w, meter.get(0), meter.get(1))))
                .register(registry);
        GaugeWithCallback.builder().name("modelgate_energy_joules_per_inference")
                .help("Estimated joules per inference over the last sampling interval: the energy of every readable"
                        + " meter shared among the models by compute time")
                .labelNames("model").callback(callback -> joulesPerInference.forEach((model, j) -> callback.call(j, model)))
                .register(registry);
    }

    /** Reads every meter and the compute totals, and derives power and joules per inference since the last call. */
    synchronized void sample() {
        Map<EnergyMeter, EnergyReading> readings = new HashMap<>();
        Map<List<String>, Double> power = new HashMap<>();
        double joules = 0;
        boolean anyReadable = false;
        for (Map.Entry<EnergyMeter, String> entry : meters.get().entrySet()) {
            EnergyMeter meter = entry.getKey();
            EnergyReading now = read(meter);
            readings.put(meter, now);
            EnergyReading before = lastReadings.get(meter);
            if (now.readable() && before != null && before.readable() && now.secondsSince(before) > 0) {
                double used = now.joulesSince(before);
                power.put(List.of(meter.name(), entry.getValue()), used / now.secondsSince(before));
                joules += used;
                anyReadable = true;
            }
        }
        Map<String, long[]> totals = compute.totals();
        long computeNanos = 0;
        Map<String, long[]> deltas = new HashMap<>();
        for (Map.Entry<String, long[]> model : totals.entrySet()) {
            long[] before = lastCompute.getOrDefault(model.getKey(), new long[2]);
            long[] delta = { model.getValue()[0] - before[0], model.getValue()[1] - before[1] };
            if (delta[0] > 0) {
                deltas.put(model.getKey(), delta);
                computeNanos += delta[1];
            }
        }
        Map<String, Double> perInference = new HashMap<>();
        if (anyReadable && computeNanos > 0) {
            for (Map.Entry<String, long[]> model : deltas.entrySet()) {
                double share = (double) model.getValue()[1] / computeNanos;
                perInference.put(model.getKey(), joules * share / model.getValue()[0]);
            }
        }
        lastReadings = readings;
        lastCompute = totals;
        watts = Map.copyOf(power);
        joulesPerInference = Map.copyOf(perInference);
    }

    private static EnergyReading read(EnergyMeter meter) {
        try {
            EnergyReading reading = meter.read();
            return reading == null ? EnergyReading.unavailable(meter.name() + " returned no reading") : reading;
        } catch (RuntimeException e) {
            return EnergyReading.unavailable(meter.name() + " failed: " + e);
        }
    }
}
