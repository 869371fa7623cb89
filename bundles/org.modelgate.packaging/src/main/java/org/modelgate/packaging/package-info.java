/**
 * Model packages: one {@code NAME-VERSION.mgp} file (a zip) holding {@code model.json}, the model
 * files and {@code model.sig}, read safely and verified against a trust store, or written and signed.
 *
 * <p>Modelgate provides every type here except {@link org.modelgate.packaging.ProgressListener},
 * which callers implement to follow a long {@code pack}.
 */
@Export
@Version("1.1.0")
package org.modelgate.packaging;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
