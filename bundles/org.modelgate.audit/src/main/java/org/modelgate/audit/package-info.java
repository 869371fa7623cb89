/**
 * The audit log: an append-only, hash-chained record of who changed which model, bundle or trust
 * store entry, and when.
 *
 * <p>The provider (bundle {@code org.modelgate.audit}) implements {@link org.modelgate.audit.AuditLog};
 * clients (the core, the security bundle, consoles) call it. Clients implement nothing here.
 */
@Export
@Version("1.1.0")
package org.modelgate.audit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
