package org.modelgate.packaging;

import java.nio.file.Path;
import java.util.Objects;

import org.modelgate.security.TrustedKey;

/**
 * A package extracted into a staging folder and verified: what the model store may install.
 *
 * @param folder the staging folder holding {@code model.json}, the model files and {@code model.sig}
 * @param name the model name from {@code model.json} (equal to the file name's NAME)
 * @param version the model version from {@code model.json} (equal to the file name's VERSION)
 * @param digest the signature's root digest over every file, lowercase hex sha256 (for audit records)
 * @param signer the trusted key whose signature verified (for a certificate signature: the certificate's key, with
 *        the id of the CA that vouches for it)
 * @param signedBy who signed, in words: {@code key acme-2026 (model-signer)}, or a certificate's subject, serial and
 *        CA (since 1.1)
 */
public record UnpackedModel(Path folder, String name, String version, String digest, TrustedKey signer, String signedBy) {
    /**
     * A package verified with a trust store key.
     *
     * @param folder the staging folder
     * @param name the model name
     * @param version the model version
     * @param digest the root digest
     * @param signer the trusted key
     */
    public UnpackedModel(Path folder, String name, String version, String digest, TrustedKey signer) {
        this(folder, name, version, digest, signer, "key " + signer.id() + " (" + signer.role().folderName() + ")");
    }

    /** Checks the components. */
    public UnpackedModel {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(signedBy, "signedBy");
    }
}
