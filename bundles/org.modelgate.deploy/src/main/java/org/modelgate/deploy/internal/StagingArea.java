package org.modelgate.deploy.internal;

import static org.modelgate.deploy.internal.SignatureFailure.refused;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.modelgate.api.BundleRefusedException.Reason;

/**
 * A folder only the gateway writes (the deploy bundle's data area in the framework cache) where each
 * jar is copied before it is verified: the copy is what is checked and what is installed, so the
 * original can change or vanish meanwhile without effect.
 */
final class StagingArea {
    private static final System.Logger LOG = System.getLogger(StagingArea.class.getName());
    private final Path folder;

    /** A jar copied into the staging area; closing deletes it. */
    record Staged(Path file, String sha256, long size) implements AutoCloseable {
        @Override
        public void close() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot delete the staged copy " + file + ": " + e);
            }
        }
    }

    StagingArea(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
        // Copies left by a crash are never installed: remove them.
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(this.folder)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    /**
     * Copies a jar in, at most {@code maxBytes}.
     *
     * @param source the jar the caller named
     * @param maxBytes the largest jar accepted
     * @return the copy and its sha256
     * @throws org.modelgate.api.BundleRefusedException UNREADABLE when the source is missing, unreadable or too big
     */
    Staged copy(Path source, long maxBytes) {
        if (!Files.isRegularFile(source)) {
            throw refused(source.toString(), Reason.UNREADABLE, Files.exists(source) ? "not a regular file" : "no such file",
                    null);
        }
        Path copy;
        try {
            copy = Files.createTempFile(folder, "incoming-", ".jar");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a file in the staging folder " + folder + ": " + e, e);
        }
        MessageDigest sha256 = KeyHint.sha256();
        long size = 0;
        try (InputStream in = Files.newInputStream(source); OutputStream out = Files.newOutputStream(copy)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                size += n;
                if (size > maxBytes) {
                    throw refused(source.toString(), Reason.UNREADABLE, "is bigger than " + maxBytes
                            + " bytes, the largest jar this gateway accepts (maxJarBytes)", null);
                }
                sha256.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            new Staged(copy, "", 0).close();
            if (e instanceof IOException io) {
                throw refused(source.toString(), Reason.UNREADABLE, "cannot be read: " + io, io);
            }
            throw (RuntimeException) e;
        }
        return new Staged(copy, HexFormat.of().formatHex(sha256.digest()), size);
    }
}
