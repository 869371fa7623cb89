/**
 * The one way Modelgate reads JSON files and request bodies: {@link org.modelgate.json.StrictJson}.
 *
 * <p>Duplicate keys are refused (two parsers reading one document two ways is how signature checks get
 * bypassed), and depth, document size and number length are bounded, so a hostile file costs little to
 * refuse. Modelgate provides these types; its bundles use them.
 */
@Export
@Version("1.0.0")
package org.modelgate.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
