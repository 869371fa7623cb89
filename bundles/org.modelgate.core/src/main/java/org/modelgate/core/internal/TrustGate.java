package org.modelgate.core.internal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;

import org.modelgate.api.ModelLoadException;
import org.modelgate.spi.ModelTrust;

/**
 * Lets only trusted model versions in: before a version is installed and before every load, its signature
 * is verified when a {@link ModelTrust} is present (the trust feature, configured); with
 * {@code requireSignatures}, nothing loads without one.
 */
final class TrustGate {
    private volatile ModelTrust trust;
    private volatile boolean required;

    void use(ModelTrust modelTrust) {
        this.trust = modelTrust;
    }

    void forget(ModelTrust modelTrust) {
        if (this.trust == modelTrust) {
            this.trust = null;
        }
    }

    void require(boolean signaturesRequired) {
        this.required = signaturesRequired;
    }

    /**
     * Checks a version folder.
     *
     * @return who signed it, or null when no trust store is configured and signatures are optional
     * @throws ModelLoadException when the signature does not verify, or is required and cannot be checked
     */
    String check(Path versionFolder, String what) {
        return check(versionFolder, Map.of(), what);
    }

    /**
     * Checks a version folder whose files named in {@code contents} are checked from those bytes (decrypted
     * in memory) instead of from the disk.
     */
    String check(Path versionFolder, Map<String, ByteBuffer> contents, String what) {
        ModelTrust current = trust;
        if (current != null) {
            return contents.isEmpty() ? current.verify(versionFolder) : current.verify(versionFolder, contents);
        }
        if (required) {
            throw new ModelLoadException(what + " cannot be verified: signatures are required (requireSignatures of PID "
                    + RegistryConfig.PID + ") but no trust store is configured (PID org.modelgate.security.trust)");
        }
        return null;
    }
}
