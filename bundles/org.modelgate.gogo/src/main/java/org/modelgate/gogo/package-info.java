/**
 * The {@link org.modelgate.gogo.GogoCommand} component property type, read by bnd at build time.
 *
 * <p>Bundles with Gogo commands use it (at {@code provided} scope); nothing of it is needed at run time.
 */
@Export
@Version("1.0.0")
package org.modelgate.gogo;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
