package org.modelgate.traffic.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The traffic manager's settings (PID {@value #PID}); the defaults suit a gateway. */
@ObjectClassDefinition(name = "Modelgate traffic policies", description = "How often running traffic policies are "
        + "judged, and how much evidence each keeps.")
public @interface TrafficConfig {
    /** The configuration PID. */
    String PID = "org.modelgate.traffic";

    /** @return milliseconds between two judgements of the running policies */
    @AttributeDefinition(name = "Evaluation interval (ms)", description = "Milliseconds between two judgements of the "
            + "guards of every running policy; a failing guard rolls back at the next one.")
    int evaluationMillis() default 1000;

    /** @return latencies kept per version for the p95, and champion answers kept for shadow agreement */
    @AttributeDefinition(name = "Samples kept", description = "Latencies kept per version for the p95 guard, and "
            + "champion answers waiting for their shadow copy for the agreement guard.")
    int samples() default 4096;
}
