package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * The distribution tarball unpacked into a fresh folder, as an operator installs it: {@code work} is the folder the
 * gateway runs in (its logs, keys and scratch files), {@code home} the unpacked {@code modelgate-*} folder.
 */
record UnpackedDistribution(Path work, Path home) {

    /**
     * Unpacks {@code modelgate.tarball} into {@code <modelgate.it.dir>-<name>}, emptied first; skips the test where
     * the distribution is built for another platform ({@code modelgate.platform}) than this host's.
     */
    static UnpackedDistribution unpack(String name) throws IOException, InterruptedException {
        String platform = System.getProperty("modelgate.platform");
        String host = GatewayIT.hostPlatform();
        Assumptions.assumeTrue(host.equals(platform), () -> "a " + platform + " distribution does not run on " + host);
        Path work = Path.of(System.getProperty("modelgate.it.dir") + "-" + name);
        ItFiles.deleteTree(work);
        Files.createDirectories(work);
        Path tarball = Path.of(System.getProperty("modelgate.tarball"));
        Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", work.toString()).inheritIO().start();
        assertThat(tar.waitFor()).as("tar xzf " + tarball).isZero();
        try (Stream<Path> top = Files.list(work)) {
            return new UnpackedDistribution(work, top.filter(Files::isDirectory).findFirst().orElseThrow());
        }
    }

    /** Adds an SSH key pair's public key (made by {@link OpenSsh#newKey}) to etc/authorized_keys. */
    void authorize(Path sshKey) throws IOException {
        Files.writeString(home.resolve("etc/authorized_keys"), Files.readString(Path.of(sshKey + ".pub")),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
