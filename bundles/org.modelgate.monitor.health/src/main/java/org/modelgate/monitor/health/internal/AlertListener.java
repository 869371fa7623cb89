package org.modelgate.monitor.health.internal;

import org.modelgate.monitor.health.Alert;

/** Told of each alert transition, after the evaluation that made it (the component posts, logs and audits). */
interface AlertListener {
    void transition(Alert alert);
}
