package org.modelgate.energy.internal;

import org.modelgate.spi.EnergyMeter;
import org.modelgate.spi.EnergyReading;

/**
 * Registered when the device has no meter at all, so that consumers can say why rather than find nothing.
 */
record UnavailableMeter(String name, String reason) implements EnergyMeter {
    @Override
    public EnergyReading read() {
        return EnergyReading.unavailable(reason);
    }
}
