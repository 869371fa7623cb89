package org.modelgate.remote.commands.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * What an open transfer has received, kept beside its {@code .part} file in {@code <transfer>.state} and written
 * crash-safely (a temporary file, fsynced, renamed over the old one) after the chunk's bytes were fsynced, so the
 * state never claims bytes the part file may not hold.
 *
 * @param transfer the transfer's id
 * @param file the file's name
 * @param size the whole file's size
 * @param sha256 the whole file's SHA-256
 * @param received how many bytes from the start are in the part file
 */
record TransferState(String transfer, String file, long size, String sha256, long received) {
    /** The state with more bytes received. */
    TransferState receivedUpTo(long offset) {
        return new TransferState(transfer, file, size, sha256, offset);
    }

    /** Whether the chunk describes the same file as this transfer. */
    boolean sameFile(Chunk chunk) {
        return file.equals(chunk.file()) && size == chunk.size() && sha256.equals(chunk.sha256());
    }

    /** Whether every byte arrived. */
    boolean complete() {
        return received == size;
    }

    static TransferState read(Path stateFile) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(stateFile)) {
            p.load(in);
        }
        try {
            return new TransferState(p.getProperty("transfer"), p.getProperty("file"),
                    Long.parseLong(p.getProperty("size")), p.getProperty("sha256"), Long.parseLong(p.getProperty("received")));
        } catch (RuntimeException e) {
            throw new IOException("the transfer state " + stateFile + " is damaged: " + e.getMessage(), e);
        }
    }

    void write(Path stateFile) throws IOException {
        Properties p = new Properties();
        p.setProperty("transfer", transfer);
        p.setProperty("file", file);
        p.setProperty("size", Long.toString(size));
        p.setProperty("sha256", sha256);
        p.setProperty("received", Long.toString(received));
        Path temporary = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            p.store(out, "a remote transfer: how many bytes of its .part file were received");
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
