package org.modelgate.console.internal;

import org.modelgate.api.InstalledBundle;

/** What {@code mg:install <file.jar>} prints about the bundle it installed or updated. */
final class VendorBundleLines {
    /** The actor the audit log records for bundles installed from the console when the session names nobody. */
    static final String ACTOR = "console";

    private VendorBundleLines() {
    }

    /**
     * One line, e.g. {@code installed org.example.camera 1.0.0 (bundle 57), signed by CN=Acme (key acme)}.
     *
     * @param bundle the result
     * @return the line
     */
    static String describe(InstalledBundle bundle) {
        String what = bundle.isUpdate()
                ? "updated " + bundle.symbolicName() + " " + bundle.previousVersion() + " -> " + bundle.version()
                : "installed " + bundle.symbolicName() + " " + bundle.version();
        return what + " (bundle " + bundle.bundleId() + "), signed by " + bundle.signer() + " (key " + bundle.signerKey()
                + ")" + (bundle.started() ? "" : "; not started: " + bundle.problem());
    }
}
