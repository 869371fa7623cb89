package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code bin/mgpack}, from the unpacked tarball: packs and signs the demo model with a
 * vendor's key, verifies the package against a trust store that holds the key, and refuses it against
 * the gateway's own store, which does not.
 */
class MgpackIT {
    @TempDir
    Path work;

    @Test
    void packsSignsAndVerifiesAModelPackage() throws Exception {
        Path home = unpackedDistribution();
        Path model = work.resolve("iris");
        copyWithoutSignature(home.resolve("models/iris/1.0.0"), model);
        Path trust = work.resolve("vendor-trust");
        Path key = givenAVendorKey(trust);

        Result packed = mgpack(home, "pack", model.toString(), "--key", key.toString(), "--out", work.resolve("out").toString());
        assertThat(packed.exit).as(packed.output).isZero();
        Path mgp = work.resolve("out/iris-1.0.0.mgp");
        assertThat(mgp).isNotEmptyFile();

        Result verified = mgpack(home, "verify", mgp.toString(), "--trust", trust.toString());
        assertThat(verified.exit).as(verified.output).isZero();
        assertThat(verified.output).contains("verified iris 1.0.0");

        Result refused = mgpack(home, "verify", mgp.toString(), "--trust", home.resolve("etc/trust").toString());
        assertThat(refused.exit).isEqualTo(1);
        assertThat(refused.output).contains("unknown-key");

        Result usage = mgpack(home, "frobnicate");
        assertThat(usage.exit).isEqualTo(2);
        assertThat(usage.output).contains("usage: mgpack");
    }

    private Path unpackedDistribution() throws Exception {
        Path tarball = Path.of(System.getProperty("modelgate.tarball"));
        Path target = Files.createDirectories(work.resolve("dist"));
        Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", target.toString()).inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        try (Stream<Path> top = Files.list(target)) {
            return top.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    private static void copyWithoutSignature(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().equals("model.sig")).toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    private Path givenAVendorKey(Path trust) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        Base64.Encoder pem = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Path key = work.resolve("vendor.key.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + pem.encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Path signers = Files.createDirectories(trust.resolve("model-signer"));
        Files.writeString(signers.resolve("vendor.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + pem.encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        return key;
    }

    private record Result(int exit, String output) {
    }

    private static Result mgpack(Path home, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(home.resolve("bin/mgpack").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
