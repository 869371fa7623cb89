package org.modelgate.security;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Signs a model folder: hashes every file and writes {@code model.sig} (OpenSSF Model Signing v1.0,
 * key method) into it.
 *
 * <pre>
 * ModelSigner signer = ModelSignatures.signer(SigningKey.fromPemFile(Path.of("signing-key.pem")));
 * signer.sign(Path.of("build/iris/1.0.0"));
 * </pre>
 */
@ProviderType
public interface ModelSigner {

    /**
     * Signs a model folder, replacing any {@code model.sig} in it. The subject name is the folder's name.
     *
     * @param modelFolder the folder to sign
     * @return the path of the written {@code model.sig}
     * @throws ModelSignatureException with {@link SignatureProblem#SYMLINK} when the folder holds a
     *     link, {@link SignatureProblem#PATH_TRAVERSAL} for a file name that cannot be signed portably,
     *     {@link SignatureProblem#IO_ERROR} when reading or writing fails
     */
    Path sign(Path modelFolder) throws ModelSignatureException;
}
