package org.modelgate.core.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.modelgate.spi.AcceleratorDriver;
import org.modelgate.spi.DeviceProbe;
import org.modelgate.spi.ExecutionSettings;
import org.modelgate.spi.ModelRequirements;

/**
 * An accelerator driver for the tests: a name, a probe, a rank and settings for the "affine" backend; it can be
 * made to throw or hang in either call.
 */
final class FakeDriver implements AcceleratorDriver {
    private final String name;
    private final int rank;
    private final Map<String, String> settings;
    volatile DeviceProbe probe;
    volatile RuntimeException probeFailure;
    volatile RuntimeException settingsFailure;
    volatile CountDownLatch settingsGate;
    volatile String onlyBackend = null;
    final AtomicInteger settingsCalls = new AtomicInteger();

    FakeDriver(String name, int rank, Map<String, String> settings) {
        this.name = name;
        this.rank = rank;
        this.settings = settings;
        this.probe = DeviceProbe.available("fake " + name + " device", List.of(name.toUpperCase()));
    }

    /** A driver whose settings are {@code device=<name>}. */
    static FakeDriver of(String name, int rank) {
        return new FakeDriver(name, rank, Map.of("device", name));
    }

    FakeDriver unavailable(String reason) {
        probe = DeviceProbe.unavailable(reason);
        return this;
    }

    FakeDriver throwingInProbe(String message) {
        probeFailure = new IllegalStateException(message);
        return this;
    }

    FakeDriver throwingInSettings(String message) {
        settingsFailure = new IllegalStateException(message);
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DeviceProbe probe() {
        if (probeFailure != null) {
            throw probeFailure;
        }
        return probe;
    }

    @Override
    public Optional<ExecutionSettings> settingsFor(ModelRequirements model, String backend) {
        settingsCalls.incrementAndGet();
        if (settingsFailure != null) {
            throw settingsFailure;
        }
        CountDownLatch gate = settingsGate;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (onlyBackend != null && !onlyBackend.equals(backend)) {
            return Optional.empty();
        }
        return Optional.of(ExecutionSettings.of(rank, settings));
    }
}
