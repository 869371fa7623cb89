/**
 * The gateway's watch over its models in the field: live latency windows, input drift against the training
 * reference, accuracy from ground-truth feedback, and alerts raised and cleared with hysteresis.
 *
 * <p>{@link org.modelgate.monitor.health.ModelHealth} is an OSGi service provided by bundle
 * {@code org.modelgate.monitor.health} ({@code @ProviderType}); the REST endpoints, the console and the
 * dashboard call it. Alerts are also posted on Event Admin under {@link org.modelgate.monitor.health.Alert#TOPIC_ALL}.
 * Every type here is provided by Modelgate; clients only call them.
 */
@Export
@Version("1.1.0")
package org.modelgate.monitor.health;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
