/**
 * Model host processes: a model runs in a child JVM of its own, so that whatever its backend does
 * (a native crash, {@code System.exit}, a hang) costs that process only.
 *
 * <p>The provider (bundle {@code org.modelgate.host}) implements {@link org.modelgate.host.ModelHosts};
 * the core calls it for sandboxed trials and for models with {@code "isolation": "process"}.
 * Clients implement only {@link org.modelgate.host.HostListener}.
 */
@Export
@Version("1.2.0")
package org.modelgate.host;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
