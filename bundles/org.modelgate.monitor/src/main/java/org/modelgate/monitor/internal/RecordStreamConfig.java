package org.modelgate.monitor.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the record stream (PID {@value #PID}); optional, the defaults suit a gateway. */
@ObjectClassDefinition(name = "Modelgate record stream", description = "Queues between inference and the monitors")
@interface RecordStreamConfig {
    /** The configuration PID. */
    String PID = "org.modelgate.monitor";

    @AttributeDefinition(description = "Records the stream holds before it drops new ones (rounded up to a power of two)")
    int capacity() default 8192;

    @AttributeDefinition(description = "Records each monitor's queue holds before that monitor misses new ones")
    int monitorCapacity() default 4096;
}
