/**
 * Traffic policies: a challenger version of a model runs beside its committed version (the champion) on a share
 * of the requests or on a copy of them (shadow), and guards decide on their own whether it is promoted or rolled
 * back.
 *
 * <p>{@link org.modelgate.traffic.TrafficManager} is an OSGi service of bundle {@code org.modelgate.traffic}; the
 * REST endpoint {@code POST /v2/models/{name}/traffic}, the console ({@code mg:traffic}) and the remote command
 * {@code traffic} call it. Every type here is provided by Modelgate; clients only call them.
 */
@Export
@Version("1.0.0")
package org.modelgate.traffic;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
