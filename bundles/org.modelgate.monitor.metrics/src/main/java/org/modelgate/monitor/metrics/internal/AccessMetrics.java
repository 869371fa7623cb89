package org.modelgate.monitor.metrics.internal;

import java.util.Map;

import io.prometheus.metrics.core.metrics.CounterWithCallback;

import org.modelgate.access.AccessControl;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code modelgate_access_denied_total{reason}} (the client appends {@code _total}): the calls access control (bundle org.modelgate.access) denied
 * since it started, read at each scrape. A component of its own that needs {@link AccessControl}: the bundle imports
 * the access package optionally, so /metrics works without it.
 */
@Component
public class AccessMetrics {
    @Reference
    AccessControl access;
    @Reference
    InferenceMetrics metrics;
    private CounterWithCallback denied;

    @Activate
    void activate() {
        denied = CounterWithCallback.builder().name("modelgate_access_denied")
                .help("Calls denied by access control, by reason (missing_credential, malformed_credential, unknown_token,"
                        + " untrusted_certificate, insufficient_role)")
                .labelNames("reason").callback(callback -> {
                    for (Map.Entry<String, Long> e : access.denied().entrySet()) {
                        callback.call(e.getValue(), e.getKey());
                    }
                }).build();
        metrics.registry().register(denied);
    }

    @Deactivate
    void deactivate() {
        metrics.registry().unregister(denied);
    }
}
