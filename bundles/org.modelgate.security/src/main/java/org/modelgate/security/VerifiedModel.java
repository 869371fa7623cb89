package org.modelgate.security;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a successful verification established about a model folder.
 *
 * @param folder the verified folder
 * @param name the model name the signer gave (the statement's subject name; for a single signed file, its name)
 * @param digest the statement's root digest: sha256 over the files' digests in path order, lowercase hex
 * @param signer the key whose signature verified: a trust store key, or for a certificate signature the signing
 *        certificate's public key, with the id of the CA that vouches for it
 * @param files every signed file of the folder, sorted by path, with its verified sha256
 * @param certificatePath for a certificate signature the signing certificate, then the intermediates up to
 *        {@code certificateAuthority}; empty for a key signature (since 1.4)
 * @param certificateAuthority the trust store CA the certificate chains to; null for a key signature (since 1.4)
 */
public record VerifiedModel(Path folder, String name, String digest, TrustedKey signer, List<SignedFile> files,
        List<X509Certificate> certificatePath, TrustedCa certificateAuthority) {
    /** Copies the lists. */
    public VerifiedModel {
        files = List.copyOf(files);
        certificatePath = List.copyOf(certificatePath);
    }

    /**
     * A model verified with a trust store key.
     *
     * @param folder the verified folder
     * @param name the subject name
     * @param digest the root digest
     * @param signer the trust store key
     * @param files the signed files
     */
    public VerifiedModel(Path folder, String name, String digest, TrustedKey signer, List<SignedFile> files) {
        this(folder, name, digest, signer, files, List.of(), null);
    }

    /**
     * Says who signed, for history, audit and {@code mg:trust}: for a key its id and role, for a certificate its
     * subject with e-mail addresses, serial and CA.
     *
     * <pre>
     * "key acme-2026 (model-signer)"
     * "CN=Acme Model Release,O=Acme &lt;models@acme.example&gt; (certificate serial 2001, CA acme-root)"
     * </pre>
     *
     * @return the signer, in words
     * @since 1.4
     */
    public String signedBy() {
        if (certificatePath.isEmpty()) {
            return "key " + signer.id() + " (" + signer.role().folderName() + ")";
        }
        X509Certificate certificate = certificatePath.get(0);
        return org.modelgate.security.internal.Certificates.signerName(certificate) + " (certificate serial "
                + org.modelgate.security.internal.Certificates.serial(certificate) + ", CA "
                + (certificateAuthority == null ? "?" : certificateAuthority.id()) + ")";
    }
}
