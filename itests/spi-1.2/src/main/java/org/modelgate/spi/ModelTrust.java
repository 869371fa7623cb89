package org.modelgate.spi;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;

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

    /**
     * Verifies a model version folder some of whose files are encrypted at rest: those are checked against
     * the signature from their decrypted content in memory instead of from the disk, where they hold
     * ciphertext. The core calls this before it loads an encrypted version, then hands the same bytes to the
     * backend, so what runs is what was verified.
     *
     * <p>The default verifies from the disk when {@code contents} is empty and refuses otherwise, so a trust
     * service that predates encryption never passes what it did not check.
     *
     * @param versionFolder the folder with model.json, the model files and the signature
     * @param contents decrypted content by path relative to the folder, {@code /}-separated (e.g.
     *        {@code model.onnx}); read through {@link ByteBuffer#duplicate()}, never changed
     * @return who signed it, for logs and the audit trail
     * @throws ModelLoadException naming what is wrong, as {@link #verify(Path)}
     */
    default String verify(Path versionFolder, Map<String, ByteBuffer> contents) {
        if (contents.isEmpty()) {
            return verify(versionFolder);
        }
        throw new ModelLoadException("the model trust service " + getClass().getName() + " cannot verify files decrypted "
                + "in memory (" + String.join(", ", contents.keySet()) + " of " + versionFolder
                + "); update the bundle that provides it");
    }
}
