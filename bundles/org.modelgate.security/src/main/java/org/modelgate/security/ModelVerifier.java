package org.modelgate.security;

import java.nio.file.Path;
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
}
