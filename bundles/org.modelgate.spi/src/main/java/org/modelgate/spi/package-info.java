/**
 * Modelgate plugin contracts: what backend, accelerator, energy meter, monitor, trust and key provider bundles implement.
 *
 * <p>Plugins implement these types ({@code @ConsumerType}) and register them as OSGi services; the
 * core finds them through the whiteboard. Clients never call them directly.
 */
@Export
@Version("1.6.0")
package org.modelgate.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
