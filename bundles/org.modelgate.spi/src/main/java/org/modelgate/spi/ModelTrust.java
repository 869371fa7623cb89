package org.modelgate.spi;

import java.nio.file.Path;

import org.modelgate.api.ModelLoadException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides whether a model version's files may run: checks their signature against the gateway's trust
 * store. The core asks before it installs a version and before every load, at every start too.
 *
 * <p>Register one as an OSGi service (the security bundle does, once its trust store is configured).
 */
@ConsumerType
public interface ModelTrust {
    /**
     * Verifies every file of a model version folder against its signature.
     *
     * @param versionFolder the folder with model.json, the model files and the signature
     * @return who signed it, for logs and the audit trail (e.g. the key's id and role)
     * @throws ModelLoadException naming what is wrong: unsigned, a changed, missing or extra file, an
     *         unknown or revoked key
     */
    String verify(Path versionFolder);
}
