package org.modelgate.distribution;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import org.modelgate.security.ModelSignatures;
import org.modelgate.security.SigningKey;

/**
 * Build tool (not shipped): signs the demo model with a key made for this build only and puts its public
 * half into the distribution's trust store, so the gateway, which verifies every model before it loads it,
 * runs the demo out of the box. The private key is never written: nothing else can be signed with it.
 *
 * <p>Arguments: {@code <model version folder> <trust store folder>}.
 */
public final class DemoModelSigner {
    private DemoModelSigner() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: DemoModelSigner <model version folder> <trust store folder>");
        }
        Path model = Path.of(args[0]);
        Path signers = Files.createDirectories(Path.of(args[1]).resolve("model-signer"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        ModelSignatures.signer(new SigningKey(pair.getPrivate(), pair.getPublic())).sign(model);
        Path pem = signers.resolve("demo-build.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        System.out.println("[demo] signed " + model + "; its public key is " + pem);
    }
}
