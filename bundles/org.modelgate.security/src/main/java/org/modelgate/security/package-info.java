/**
 * Signed model folders: OpenSSF Model Signing v1.0 signatures ({@code model.sig}) made and checked
 * offline against a {@link org.modelgate.security.TrustStore} of pinned public keys.
 *
 * <p>Modelgate provides every type here; clients (the model registry, the packaging tool) call them
 * and implement none of them.
 */
@Export
@Version("1.5.0")
package org.modelgate.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
