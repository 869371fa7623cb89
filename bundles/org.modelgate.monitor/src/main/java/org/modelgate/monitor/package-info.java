/**
 * What the record stream tells about itself: records taken, records dropped, and how each monitor keeps up.
 *
 * <p>Provided by bundle {@code org.modelgate.monitor} ({@code @ProviderType}); read by the metrics bundle and the
 * console. Monitor bundles implement {@link org.modelgate.spi.InferenceMonitor}, not these types.
 */
@Export
@Version("1.0.0")
package org.modelgate.monitor;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
