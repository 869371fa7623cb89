package org.modelgate.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

class CommandSignaturesTest {
    private static final byte[] PAYLOAD = "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void anEcP256SignatureVerifiesOnlyForItsCommandAndPayload() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();

        byte[] signature = CommandSignatures.sign("rollback", PAYLOAD, pair.getPrivate());

        assertThat(CommandSignatures.verify("rollback", PAYLOAD, signature, pair.getPublic())).isTrue();
        assertThat(CommandSignatures.verify("activate", PAYLOAD, signature, pair.getPublic())).isFalse();
        assertThat(CommandSignatures.verify("rollback", "{\"id\":\"2\"}".getBytes(StandardCharsets.UTF_8), signature,
                pair.getPublic())).isFalse();
        assertThat(CommandSignatures.verify("rollback", PAYLOAD, new byte[] {1, 2, 3}, pair.getPublic())).isFalse();
    }

    @Test
    void anEd25519SignatureVerifies() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();

        byte[] signature = CommandSignatures.sign("deploy", PAYLOAD, pair.getPrivate());

        assertThat(CommandSignatures.verify("deploy", PAYLOAD, signature, pair.getPublic())).isTrue();
        assertThat(CommandSignatures.verify("deploy", new byte[0], signature, pair.getPublic())).isFalse();
    }
}
