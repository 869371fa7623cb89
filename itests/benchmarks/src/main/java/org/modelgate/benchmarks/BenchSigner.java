package org.modelgate.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import org.modelgate.security.ModelSignatures;
import org.modelgate.security.SigningKey;

/**
 * Signs the models a benchmark puts into a gateway (which verifies every model before it loads it) with a key
 * made for this run, and trusts that key in the gateway's etc/trust.
 */
final class BenchSigner {
    private static final SigningKey KEY = generate();

    private BenchSigner() {
    }

    static void signInto(Path home, Path versionFolder) throws Exception {
        Files.deleteIfExists(versionFolder.resolve(ModelSignatures.SIGNATURE_FILE));
        ModelSignatures.signer(KEY).sign(versionFolder);
        Path signers = Files.createDirectories(home.resolve("etc/trust/model-signer"));
        Files.writeString(signers.resolve("benchmark.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEY.publicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
    }

    private static SigningKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            return new SigningKey(pair.getPrivate(), pair.getPublic());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
