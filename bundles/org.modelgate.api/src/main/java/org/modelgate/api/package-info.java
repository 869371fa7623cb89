/**
 * Modelgate client API: what applications on the gateway call.
 *
 * <p>Modelgate provides these types ({@code @ProviderType}); clients use them and never implement
 * them. The main entry points are {@link org.modelgate.api.InferenceService} (run a model by name)
 * and {@link org.modelgate.api.ModelRegistry} (load, unload, activate versions).
 */
@Export
@Version("1.12.0")
package org.modelgate.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
