package org.modelgate.oip.internal;

import org.modelgate.oip.InferenceStatistics;
import org.osgi.service.component.annotations.Component;

/**
 * The one statistics table of the framework, registered as an {@link InferenceStatistics} service so that REST and
 * gRPC count into it and answer Triton's statistics alike. Counts live as long as this bundle runs.
 */
@Component(service = InferenceStatistics.class)
public final class SharedInferenceStatistics extends InferenceStatistics {
}
