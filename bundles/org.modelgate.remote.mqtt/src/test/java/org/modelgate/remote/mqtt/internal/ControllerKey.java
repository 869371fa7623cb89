package org.modelgate.remote.mqtt.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.modelgate.remote.CommandSignatures;

/** A controller's EC P-256 key pair made for a test, its public half put in the trust store's controller/ folder. */
record ControllerKey(String id, KeyPair pair) {
    static ControllerKey make(Path trustStore, String id) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        Path folder = Files.createDirectories(trustStore.resolve("controller"));
        Files.writeString(folder.resolve(id + ".pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
                        pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        return new ControllerKey(id, pair);
    }

    static void revoke(Path trustStore, String id) throws IOException {
        Files.writeString(trustStore.resolve("revoked.txt"), id + "\n");
    }

    /** The user properties of a request signed by this key. */
    List<UserProperty> sign(String command, String payload) {
        return List.of(new UserProperty(CommandSignatures.SIGNATURE_PROPERTY,
                CommandSignatures.signBase64(command, payload.getBytes(StandardCharsets.UTF_8), pair.getPrivate())),
                new UserProperty(CommandSignatures.KEY_PROPERTY, id));
    }
}
