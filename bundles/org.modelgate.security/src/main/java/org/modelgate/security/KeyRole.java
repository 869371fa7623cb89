package org.modelgate.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a trusted key may sign; the trust store keeps one folder per role, named {@link #folderName()}. */
public enum KeyRole {
    /** Signs model folders ({@code model.sig}). */
    MODEL_SIGNER,
    /** Signs OSGi bundles (plugins) installed on the gateway. */
    BUNDLE_SIGNER,
    /**
     * Signs remote commands that change the gateway (a fleet controller's key, {@code controller/}); since 1.4.
     * EC keys as for models.
     */
    CONTROLLER;

    /**
     * Returns the trust store folder holding keys of this role, e.g. {@code model-signer}.
     *
     * @return the folder name
     */
    public String folderName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Finds the role whose folder has the given name.
     *
     * @param folderName a folder name such as {@code bundle-signer}
     * @return the role, or empty when no role has that folder
     */
    public static Optional<KeyRole> ofFolderName(String folderName) {
        return Arrays.stream(values()).filter(r -> r.folderName().equals(folderName)).findFirst();
    }
}
