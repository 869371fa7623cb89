package org.modelgate.monitor.metrics.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code org.modelgate.monitor.metrics}. */
@ObjectClassDefinition(name = "Modelgate metrics", description = "GET /metrics in the Prometheus text format")
@interface MetricsConfig {
    @AttributeDefinition(description = "Seconds between two readings of the energy meters: the interval over which"
            + " modelgate_energy_power_watts and modelgate_energy_joules_per_inference are averaged (1 to 3600)")
    int energySampleSeconds() default 10;
}
