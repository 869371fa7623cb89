package org.modelgate.security.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.modelgate.security.ModelSignatureException;
import org.modelgate.security.ModelSignatures;
import org.modelgate.security.ModelSigner;
import org.modelgate.security.SignatureProblem;
import org.modelgate.security.SignedFile;
import org.modelgate.security.SigningCertificate;
import org.modelgate.security.SigningKey;

/** Signs a model folder as model_signing's key method does and writes model.sig. */
public final class ModelFolderSigner implements ModelSigner {
    private final SigningKey key;
    private final List<byte[]> certificates;

    /** Creates a signer with the given key (model_signing's key method). */
    public ModelFolderSigner(SigningKey key) {
        this.key = Objects.requireNonNull(key, "key");
        this.certificates = List.of();
    }

    /**
     * Creates a signer with a key and its certificate (model_signing's certificate method).
     *
     * @throws IllegalArgumentException when the certificate is not the key's
     */
    public ModelFolderSigner(SigningKey key, SigningCertificate certificate) {
        this.key = Objects.requireNonNull(key, "key");
        if (!certificate.certificate().getPublicKey().equals(key.publicKey())) {
            throw new IllegalArgumentException("the certificate '" + certificate.subject() + "' is not for this key (its"
                    + " public key differs from the key file's); give the certificate issued for this key");
        }
        List<byte[]> der = new ArrayList<>();
        try {
            der.add(certificate.certificate().getEncoded());
            for (java.security.cert.X509Certificate c : certificate.chain()) {
                der.add(c.getEncoded());
            }
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException("a certificate cannot be encoded: " + e.getMessage(), e);
        }
        if (der.size() > SigstoreBundle.MAX_CHAIN) {
            throw new IllegalArgumentException("the certificate and its chain are " + der.size() + " certificates; a"
                    + " verifier accepts at most " + SigstoreBundle.MAX_CHAIN);
        }
        this.certificates = List.copyOf(der);
    }

    @Override
    public Path sign(Path modelFolder) throws ModelSignatureException {
        ModelFolder folder = ModelFolder.scan(modelFolder);
        List<SignedFile> files = new ArrayList<>();
        for (Map.Entry<String, Path> file : folder.files().entrySet()) {
            ResourceName.check(file.getKey());
            try {
                files.add(new SignedFile(file.getKey(), Digests.sha256Hex(file.getValue())));
            } catch (IOException e) {
                throw new ModelSignatureException(SignatureProblem.IO_ERROR, file.getValue() + " cannot be read: " + e,
                        List.of(file.getKey()), e);
            }
        }
        ModelStatement statement = ModelStatement.of(folder.root().getFileName().toString(), files);
        byte[] bundle = BundleWriter.write(signedBundle(statement.toJson()));
        return write(folder.root(), bundle);
    }

    /** Wraps a payload in a DSSE envelope signed over its PAE, inside a bundle carrying this key's hint. */
    SigstoreBundle signedBundle(byte[] payload) {
        return signedBundle(Dsse.IN_TOTO_PAYLOAD_TYPE, payload);
    }

    SigstoreBundle signedBundle(String payloadType, byte[] payload) {
        try {
            Signature signer = Signature.getInstance(EcKeys.signatureAlgorithm(key.privateKey()));
            signer.initSign(key.privateKey());
            signer.update(Dsse.pae(payloadType, payload));
            return certificates.isEmpty() ? new SigstoreBundle(key.hint(), payloadType, payload, signer.sign())
                    : new SigstoreBundle(null, certificates, payloadType, payload, signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot sign with an EC key it loaded: " + e, e);
        }
    }

    private static Path write(Path root, byte[] bundle) throws ModelSignatureException {
        Path target = root.resolve(ModelSignatures.SIGNATURE_FILE);
        Path temp = root.resolve(ModelSignatures.SIGNATURE_FILE + ".tmp");
        try {
            Files.write(temp, bundle);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new ModelSignatureException(SignatureProblem.IO_ERROR, target + " cannot be written: " + e,
                    List.of(ModelSignatures.SIGNATURE_FILE), e);
        }
    }
}
