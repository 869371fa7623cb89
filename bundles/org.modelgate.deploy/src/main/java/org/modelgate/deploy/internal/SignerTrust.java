package org.modelgate.deploy.internal;

import static org.modelgate.deploy.internal.SignatureFailure.refused;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import org.modelgate.api.BundleRefusedException.Reason;
import org.modelgate.security.KeyRole;
import org.modelgate.security.TrustStore;
import org.modelgate.security.TrustedKey;

/**
 * Decides whether a jar's signer may sign bundles: its certificate's public key must be a bundle-signer
 * key of the trust store that is not revoked. The key is pinned, the certificate only carries it: its
 * issuer, validity dates and extensions are not consulted (a self-signed certificate is the usual case).
 */
final class SignerTrust {
    private final TrustStore trust;

    SignerTrust(TrustStore trust) {
        this.trust = trust;
    }

    TrustedKey check(String jarName, X509Certificate certificate) {
        PublicKey key = certificate.getPublicKey();
        List<TrustedKey> same = trust.keys().stream()
                .filter(k -> Arrays.equals(k.publicKey().getEncoded(), key.getEncoded())).toList();
        List<TrustedKey> bundleSigners = same.stream().filter(k -> k.role() == KeyRole.BUNDLE_SIGNER).toList();
        String signer = "signed by " + certificate.getSubjectX500Principal().getName() + ", key sha256 hint "
                + KeyHint.of(key);
        if (bundleSigners.isEmpty()) {
            String held = same.isEmpty() ? ""
                    : " (the trust store holds it as " + same.get(0).role().folderName() + " key '" + same.get(0).id()
                            + "' only: a model signing key may not sign bundles)";
            throw refused(jarName, Reason.UNTRUSTED_SIGNER, signer + ", which is not a trusted bundle signer" + held
                    + "; to trust it, put its public key under etc/trust/" + KeyRole.BUNDLE_SIGNER.folderName() + "/", null);
        }
        return bundleSigners.stream().filter(k -> !k.revoked()).findFirst().orElseThrow(() -> refused(jarName,
                Reason.REVOKED_SIGNER, signer + ", which is bundle-signer key '" + bundleSigners.get(0).id()
                        + "', revoked in the trust store", null));
    }
}
