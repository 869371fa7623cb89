package org.modelgate.energy.internal;

import org.modelgate.spi.EnergyMeter;

/**
 * A meter found in sysfs, with the domain it measures (the service property {@link EnergyMeter#DOMAIN}).
 *
 * @param meter the meter
 * @param domain {@code package}, {@code dram}, a rail's or sensor's label
 */
record DiscoveredMeter(EnergyMeter meter, String domain) {
}
