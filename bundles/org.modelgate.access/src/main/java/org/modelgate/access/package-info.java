/**
 * Access control of the gateway's listeners (REST, web console, gRPC): who may call what.
 *
 * <p>Modelgate provides {@link org.modelgate.access.AccessControl} (bundle org.modelgate.access); the listeners call
 * it on each request and implement nothing here.
 */
@Export
@Version("1.0.0")
package org.modelgate.access;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
