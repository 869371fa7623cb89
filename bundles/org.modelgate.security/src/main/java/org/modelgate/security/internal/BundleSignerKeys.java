package org.modelgate.security.internal;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import org.modelgate.security.KeyFileException;

/**
 * Public keys of the {@code bundle-signer} role: what jarsigner signs with, EC (P-256, P-384, P-521)
 * or RSA of 2048 bits or more. Model signers stay EC only (model_signing's key method).
 */
public final class BundleSignerKeys {
    /** Below this an RSA key is too weak to trust (NIST SP 800-131A). */
    static final int MIN_RSA_BITS = 2048;

    private BundleSignerKeys() {
    }

    /**
     * Reads a bundle signer's public key from PEM blocks.
     *
     * @param file the file, for messages
     * @param blocks its blocks
     * @return the EC or RSA key
     * @throws KeyFileException when no block is a usable EC or RSA public key
     */
    public static PublicKey publicKey(Path file, List<PemFile.Block> blocks) throws KeyFileException {
        RSAPublicKey rsa = rsa(blocks);
        if (rsa == null) {
            try {
                return EcKeys.publicKey(file, blocks);
            } catch (KeyFileException e) {
                if (e.getMessage().contains("is not an EC public key")) {
                    throw new KeyFileException(file, "is neither an EC (P-256, P-384, P-521) nor an RSA (2048 bits or more) "
                            + "public key, the kinds that may sign bundles", e);
                }
                throw e;
            }
        }
        if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new KeyFileException(file, "is a " + rsa.getModulus().bitLength() + "-bit RSA key; bundle signers need "
                    + MIN_RSA_BITS + " bits or more (or an EC P-256 key)", null);
        }
        return rsa;
    }

    /** The one PUBLIC KEY block as an RSA key, or null when it is something else (EcKeys then explains). */
    private static RSAPublicKey rsa(List<PemFile.Block> blocks) {
        List<PemFile.Block> keys = blocks.stream().filter(b -> b.type().equals("PUBLIC KEY")).toList();
        if (keys.size() != 1 || blocks.size() != 1) {
            return null;
        }
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(keys.get(0).der()));
        } catch (GeneralSecurityException | ClassCastException e) {
            return null;
        }
    }
}
