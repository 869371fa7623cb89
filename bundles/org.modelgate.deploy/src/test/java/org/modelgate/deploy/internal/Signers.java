package org.modelgate.deploy.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The signers the tests use, made once per test class (keytool takes about a second each, so in parallel),
 * and a trust store that knows them: {@code acme} (EC) and {@code rsa-vendor} trusted bundle signers,
 * {@code old} a revoked bundle signer, {@code models} a model signer only, {@code stranger} unknown.
 */
final class Signers {
    final TestSigner acme;
    final TestSigner rsaVendor;
    final TestSigner old;
    final TestSigner models;
    final TestSigner stranger;
    final Path trustStore;

    Signers(Path folder) throws IOException {
        Path keys = Files.createDirectories(folder.resolve("keys"));
        List<CompletableFuture<TestSigner>> made = List.of(
                CompletableFuture.supplyAsync(() -> TestSigner.create(keys, "acme", TestSigner.Kind.EC_P256)),
                CompletableFuture.supplyAsync(() -> TestSigner.create(keys, "rsa-vendor", TestSigner.Kind.RSA_2048)),
                CompletableFuture.supplyAsync(() -> TestSigner.create(keys, "old", TestSigner.Kind.EC_P256)),
                CompletableFuture.supplyAsync(() -> TestSigner.create(keys, "models", TestSigner.Kind.EC_P256)),
                CompletableFuture.supplyAsync(() -> TestSigner.create(keys, "stranger", TestSigner.Kind.EC_P256)));
        acme = made.get(0).join();
        rsaVendor = made.get(1).join();
        old = made.get(2).join();
        models = made.get(3).join();
        stranger = made.get(4).join();
        trustStore = folder.resolve("trust");
        acme.trustAs(trustStore, "bundle-signer", "acme");
        rsaVendor.trustAs(trustStore, "bundle-signer", "rsa-vendor");
        old.trustAs(trustStore, "bundle-signer", "old");
        models.trustAs(trustStore, "model-signer", "models");
        Files.writeString(trustStore.resolve("revoked.txt"), "old  # key leaked\n");
    }
}
