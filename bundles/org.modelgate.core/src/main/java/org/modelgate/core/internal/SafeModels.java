package org.modelgate.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The model files that already ran safely in the gateway's own process (a committed trial), by the sha256 of the
 * file as stored (ciphertext for files encrypted at rest): a trial of the same bytes again may skip the sandbox.
 * Kept in {@code <repository>/<name>/}{@value #FILE_NAME}, one hash a line.
 */
final class SafeModels {
    static final String FILE_NAME = "safe.sha256";
    private static final System.Logger LOG = System.getLogger(SafeModels.class.getName());

    private SafeModels() {
    }

    static boolean knows(Path modelDir, Path modelFile) {
        try {
            Path file = modelDir.resolve(FILE_NAME);
            return Files.isRegularFile(file) && Files.readAllLines(file, StandardCharsets.US_ASCII).contains(sha256(modelFile));
        } catch (IOException e) {
            return false; // then the trial is sandboxed: the safe side
        }
    }

    static void remember(DurableFiles files, Path modelDir, Path modelFile) {
        try {
            Path file = modelDir.resolve(FILE_NAME);
            Set<String> hashes = new LinkedHashSet<>(Files.isRegularFile(file)
                    ? Files.readAllLines(file, StandardCharsets.US_ASCII) : List.of());
            if (hashes.add(sha256(modelFile))) {
                files.writeAtomically(file, (String.join("\n", hashes) + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot record " + modelFile + " as safe (" + e.getMessage()
                    + "); its next trial is sandboxed again");
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
