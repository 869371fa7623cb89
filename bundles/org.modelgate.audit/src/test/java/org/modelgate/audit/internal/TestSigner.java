package org.modelgate.audit.internal;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

import org.modelgate.audit.CheckpointSigner;

/** A checkpoint signer over a fresh P-256 key in memory, as the security bundle's signer does it from a file. */
final class TestSigner implements CheckpointSigner {
    private final KeyPair pair;
    private final String keyId;

    TestSigner(String keyId) {
        this.keyId = keyId;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public PublicKey publicKey() {
        return pair.getPublic();
    }

    @Override
    public String signatureAlgorithm() {
        return "SHA256withECDSA";
    }

    @Override
    public byte[] sign(byte[] statement) {
        try {
            Signature signature = Signature.getInstance(signatureAlgorithm());
            signature.initSign(pair.getPrivate());
            signature.update(statement);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
