package org.modelgate.security;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks a model folder against its {@code model.sig} and a trust store, offline.
 *
 * <pre>
 * ModelVerifier verifier = ModelSignatures.verifier(TrustStore.load(Path.of("etc/trust")));
 * VerifiedModel model = verifier.verify(Path.of("models/iris/1.0.0"));
 * </pre>
 *
 * <p>Verification passes only when the signature verifies with a non-revoked model-signer key and
 * the folder holds exactly the signed files, each with its signed sha256, and no symbolic link.
 * A verified folder must not be writable by others afterwards: verification reads the files once.
 */
@ProviderType
public interface ModelVerifier {

    /**
     * Verifies a model folder.
     *
     * @param modelFolder the folder holding the model files and {@code model.sig}
     * @return what was verified
     * @throws ModelSignatureException naming the {@link SignatureProblem} and the files concerned
     */
    VerifiedModel verify(Path modelFolder) throws ModelSignatureException;

    /**
     * Verifies a model folder some of whose files are checked from content in memory instead of from the
     * disk: a model file encrypted at rest, decrypted for loading. The folder must still hold a regular file
     * of each such name (its ciphertext); every other file is read from the disk as by {@link #verify(Path)}.
     *
     * <pre>
     * VerifiedModel model = verifier.verify(folder, Map.of("model.onnx", decrypted));
     * </pre>
     *
     * @param modelFolder the folder holding the model files and {@code model.sig}
     * @param contents content by path relative to the folder, {@code /}-separated; read from position to limit
     *        through a duplicate, never changed
     * @return what was verified
     * @throws ModelSignatureException naming the {@link SignatureProblem} and the files concerned
     */
    VerifiedModel verify(Path modelFolder, Map<String, ByteBuffer> contents) throws ModelSignatureException;
}
