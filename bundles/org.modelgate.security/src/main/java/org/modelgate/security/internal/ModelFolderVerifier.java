package org.modelgate.security.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.function.Supplier;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.modelgate.security.KeyRole;
import org.modelgate.security.ModelSignatureException;
import org.modelgate.security.ModelSignatures;
import org.modelgate.security.ModelVerifier;
import org.modelgate.security.SignatureProblem;
import org.modelgate.security.SignedFile;
import org.modelgate.security.TrustStore;
import org.modelgate.security.TrustedKey;
import org.modelgate.security.VerificationPolicy;
import org.modelgate.security.VerifiedModel;

/**
 * Verifies model_signing's key and certificate methods offline: bundle, signer (a trusted key, or a certificate
 * chaining to a trusted CA), DSSE signature, then the folder against the signed statement and the gateway's
 * policy for unsigned files. The statement is parsed only after its signature verified.
 */
public final class ModelFolderVerifier implements ModelVerifier {
    /** A statement lists one short line per file; 16 MiB is hundreds of thousands of files. */
    static final long MAX_SIGNATURE_BYTES = 16L * 1024 * 1024;

    private final TrustStore trustStore;
    private final VerificationPolicy policy;
    private final Supplier<Date> now;

    /** Creates a verifier trusting the store's valid model-signer keys and CAs, accepting nothing unsigned. */
    public ModelFolderVerifier(TrustStore trustStore) {
        this(trustStore, VerificationPolicy.STRICT);
    }

    /** Creates a verifier trusting the store's valid model-signer keys and CAs, accepting what the policy allows unsigned. */
    public ModelFolderVerifier(TrustStore trustStore, VerificationPolicy policy) {
        this(trustStore, policy, Date::new);
    }

    /** Creates a verifier that checks certificates at the time {@code now} gives (tests: a time after expiry). */
    public ModelFolderVerifier(TrustStore trustStore, VerificationPolicy policy, Supplier<Date> now) {
        this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.now = now;
    }

    @Override
    public VerifiedModel verify(Path modelFolder) throws ModelSignatureException {
        return verify(modelFolder, Map.of());
    }

    @Override
    public VerifiedModel verify(Path modelFolder, Map<String, ByteBuffer> contents) throws ModelSignatureException {
        SigstoreBundle bundle = SigstoreBundle.parse(readSignature(modelFolder));
        if (!bundle.payloadType().equals(Dsse.IN_TOTO_PAYLOAD_TYPE)) {
            throw new ModelSignatureException(SignatureProblem.WRONG_PAYLOAD_TYPE, "model.sig has DSSE payloadType '"
                    + bundle.payloadType() + "'; expected " + Dsse.IN_TOTO_PAYLOAD_TYPE, List.of());
        }
        SigningChain.Validated chain = null;
        TrustedKey signer;
        if (bundle.signedWithCertificate()) {
            chain = SigningChain.validate(bundle.certificates(), trustStore, now.get());
            signer = checkCertificateSignature(bundle, chain);
        } else {
            signer = checkSignature(bundle);
        }
        ModelStatement statement = ModelStatement.parse(bundle.payload());
        ModelFolder folder = ModelFolder.scan(modelFolder);
        checkInMemory(folder, contents);
        checkSameFiles(statement, folder);
        UnsignedFiles.check(statement, folder, policy);
        checkDigests(statement, folder, contents);
        UnsignedFiles.checkModelFile(statement, folder);
        List<SignedFile> files = new ArrayList<>(statement.files());
        files.sort(Comparator.comparing(SignedFile::path));
        return chain == null ? new VerifiedModel(folder.root(), statement.name(), statement.rootDigest(), signer, files)
                : new VerifiedModel(folder.root(), statement.name(), statement.rootDigest(), signer, files, chain.path(),
                        chain.authority());
    }

    /** The signing certificate's key must verify the DSSE signature; it is named after the CA that vouches for it. */
    private static TrustedKey checkCertificateSignature(SigstoreBundle bundle, SigningChain.Validated chain)
            throws ModelSignatureException {
        java.security.PublicKey key = chain.signingCertificate().getPublicKey();
        TrustedKey signer = new TrustedKey(chain.authority().id(), KeyRole.MODEL_SIGNER, key, EcKeys.hint(key), false);
        if (!verifies(signer, Dsse.pae(bundle.payloadType(), bundle.payload()), bundle.signature())) {
            throw new ModelSignatureException(SignatureProblem.BAD_SIGNATURE, "model.sig's signature does not verify with"
                    + " the key of its certificate '" + chain.signingCertificate().getSubjectX500Principal().getName()
                    + "': the statement was changed, or it was signed with another key", List.of());
        }
        return signer;
    }

    private static byte[] readSignature(Path modelFolder) throws ModelSignatureException {
        Path sig = modelFolder.resolve(ModelSignatures.SIGNATURE_FILE);
        String name = ModelSignatures.SIGNATURE_FILE;
        if (Files.isSymbolicLink(sig)) {
            throw new ModelSignatureException(SignatureProblem.SYMLINK, sig + " is a symbolic link; it must be a regular file",
                    List.of(name));
        }
        if (!Files.exists(sig, LinkOption.NOFOLLOW_LINKS)) {
            throw new ModelSignatureException(SignatureProblem.UNSIGNED, "model folder " + modelFolder
                    + " has no model.sig; sign it (ModelSigner, or model_signing sign key) before installing", List.of(name));
        }
        try {
            if (!Files.isRegularFile(sig, LinkOption.NOFOLLOW_LINKS)) {
                throw new ModelSignatureException(SignatureProblem.SYMLINK, sig + " is not a regular file", List.of(name));
            }
            long size = Files.size(sig);
            if (size > MAX_SIGNATURE_BYTES) {
                throw new ModelSignatureException(SignatureProblem.MALFORMED_BUNDLE, sig + " is " + size
                        + " bytes, more than the " + MAX_SIGNATURE_BYTES + " a signature may have", List.of(name));
            }
            return Files.readAllBytes(sig);
        } catch (IOException e) {
            throw new ModelSignatureException(SignatureProblem.IO_ERROR, sig + " cannot be read: " + e, List.of(name), e);
        }
    }

    private TrustedKey checkSignature(SigstoreBundle bundle) throws ModelSignatureException {
        List<TrustedKey> candidates = candidates(bundle.keyHint());
        byte[] pae = Dsse.pae(bundle.payloadType(), bundle.payload());
        for (TrustedKey key : candidates) {
            if (verifies(key, pae, bundle.signature())) {
                return key;
            }
        }
        String tried = String.join(", ", candidates.stream().map(TrustedKey::id).toList());
        throw new ModelSignatureException(SignatureProblem.BAD_SIGNATURE, "model.sig's signature does not verify with "
                + (bundle.keyHint() == null ? "any model-signer key (" + tried + ")" : "key '" + tried + "' that its hint names")
                + ": the statement was changed, or it was signed with another key", List.of());
    }

    private List<TrustedKey> candidates(String hint) throws ModelSignatureException {
        if (hint == null) {
            // Bundles from before model_signing 1.0 name no key: try every valid model-signer key.
            List<TrustedKey> all = trustStore.validKeys(KeyRole.MODEL_SIGNER);
            if (all.isEmpty()) {
                throw new ModelSignatureException(SignatureProblem.UNKNOWN_KEY,
                        "the trust store holds no valid model-signer key; add one under model-signer/", List.of());
            }
            return all;
        }
        List<TrustedKey> named = trustStore.withHint(hint);
        List<TrustedKey> modelSigners = named.stream().filter(k -> k.role() == KeyRole.MODEL_SIGNER).toList();
        if (modelSigners.isEmpty()) {
            String other = named.isEmpty() ? "which the trust store does not hold"
                    : "which the trust store holds only as " + named.get(0).role().folderName() + " key '" + named.get(0).id() + "'";
            throw new ModelSignatureException(SignatureProblem.UNKNOWN_KEY, "model.sig was signed by the key with hint "
                    + hint + ", " + other + "; add its public key under model-signer/ to trust it", List.of());
        }
        List<TrustedKey> valid = modelSigners.stream().filter(k -> !k.revoked()).toList();
        if (valid.isEmpty()) {
            throw new ModelSignatureException(SignatureProblem.REVOKED_KEY, "model.sig was signed by key '"
                    + modelSigners.get(0).id() + "' (hint " + hint + "), which is revoked", List.of());
        }
        return valid;
    }

    private static boolean verifies(TrustedKey key, byte[] pae, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(EcKeys.signatureAlgorithm(key.publicKey()));
            verifier.initVerify(key.publicKey());
            verifier.update(pae);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // A signature that is not even DER is simply not a valid signature.
            return false;
        }
    }

    /** Content given in memory stands for a file of the folder (its encrypted form), never for an absent one. */
    private static void checkInMemory(ModelFolder folder, Map<String, ByteBuffer> contents) throws ModelSignatureException {
        List<String> absent = contents.keySet().stream().filter(p -> !folder.files().containsKey(p)).sorted().toList();
        if (!absent.isEmpty()) {
            throw new ModelSignatureException(SignatureProblem.MISSING_FILE, "file" + plural(absent) + " given in memory but "
                    + "absent from " + folder.root() + ": " + names(absent), absent);
        }
    }

    private static void checkSameFiles(ModelStatement statement, ModelFolder folder) throws ModelSignatureException {
        Map<String, Path> present = folder.files();
        List<String> missing = statement.files().stream().map(SignedFile::path).filter(p -> !present.containsKey(p))
                .sorted().toList();
        if (!missing.isEmpty()) {
            throw new ModelSignatureException(SignatureProblem.MISSING_FILE, "signed file" + plural(missing) + " missing from "
                    + folder.root() + ": " + names(missing), missing);
        }
    }

    private static void checkDigests(ModelStatement statement, ModelFolder folder, Map<String, ByteBuffer> contents)
            throws ModelSignatureException {
        List<String> tampered = new ArrayList<>();
        for (SignedFile file : statement.files()) {
            Path path = folder.files().get(file.path());
            ByteBuffer content = contents.get(file.path());
            String actual;
            try {
                actual = content != null ? Digests.sha256Hex(content) : Digests.sha256Hex(path);
            } catch (IOException e) {
                throw new ModelSignatureException(SignatureProblem.IO_ERROR, path + " cannot be read: " + e,
                        List.of(file.path()), e);
            }
            if (!actual.equals(file.sha256())) {
                tampered.add(file.path());
            }
        }
        if (!tampered.isEmpty()) {
            tampered.sort(null);
            throw new ModelSignatureException(SignatureProblem.TAMPERED_FILE, "file" + plural(tampered)
                    + " changed since signing (sha256 differs): " + names(tampered), tampered);
        }
    }

    static String plural(List<String> names) {
        return names.size() == 1 ? "" : "s";
    }

    static String names(List<String> names) {
        int shown = Math.min(names.size(), 10);
        String list = String.join(", ", names.subList(0, shown));
        return names.size() > shown ? list + " and " + (names.size() - shown) + " more" : list;
    }
}
