package org.modelgate.remote.commands.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.modelgate.remote.CommandException;

/**
 * The open chunked transfers: {@code <transfer>.part} (the bytes so far) and {@code <transfer>.state} in one folder.
 * A chunk is written at its offset and fsynced before the state says it arrived, so a transfer resumes after the
 * gateway restarts from what the state says. When the last byte arrives the whole file's SHA-256 is checked and the
 * file moves to {@code <transfer>.arrived/<file>}, where the command installs it and then removes it.
 *
 * <p>Rules: a chunk starts where the transfer stands (an earlier offset with the same bytes is a harmless repeat, a
 * later one is out of order and refused naming the offset expected); every chunk repeats the same file, size and
 * hash; the file is at most {@code maxBytes}; at most {@code maxOpen} transfers are open; a transfer that received
 * nothing for {@code expiry} is removed.
 */
final class TransferFolder {
    private static final String PART = ".part";
    private static final String STATE = ".state";
    private static final String ARRIVED = ".arrived";

    private final Path folder;
    private final long maxBytes;
    private final int maxOpen;
    private final Duration expiry;
    private final Clock clock;

    /**
     * @param folder where transfers are kept; made when missing
     * @param maxBytes the largest file
     * @param maxOpen how many transfers may be open at once
     * @param expiry how long an idle transfer is kept
     * @param clock the clock expiry is measured with
     */
    TransferFolder(Path folder, long maxBytes, int maxOpen, Duration expiry, Clock clock) {
        this.folder = folder;
        this.maxBytes = maxBytes;
        this.maxOpen = maxOpen;
        this.expiry = expiry;
        this.clock = clock;
    }

    Path folder() {
        return folder;
    }

    /**
     * Takes one chunk.
     *
     * @param chunk the chunk
     * @return the transfer's progress; {@link TransferProgress#arrived()} holds the whole file once the last chunk
     *     came and the hash matched
     * @throws CommandException when the chunk does not fit the transfer (the message names the offset expected),
     *     the file is too big, the hash of the whole file does not match (the transfer is then discarded), or the
     *     disk fails
     */
    synchronized TransferProgress receive(Chunk chunk) {
        try {
            Files.createDirectories(folder);
            expireIdle();
            Optional<TransferState> known = state(chunk.transfer());
            TransferState state = known.isPresent() ? known.get() : open(chunk);
            if (!state.sameFile(chunk)) {
                throw new CommandException("transfer " + chunk.transfer() + " is of " + state.file() + " (" + state.size()
                        + " bytes, sha256 " + state.sha256() + "), but this chunk describes " + chunk.file() + " ("
                        + chunk.size() + " bytes, sha256 " + chunk.sha256() + "); use a new transfer id for another file");
            }
            if (chunk.offset() > state.received()) {
                throw new CommandException("chunk at offset " + chunk.offset() + " of transfer " + chunk.transfer()
                        + " is out of order: " + state.received() + " bytes were received so far; send the chunk at offset "
                        + state.received());
            }
            if (chunk.end() > state.size()) {
                throw new CommandException("chunk at offset " + chunk.offset() + " of transfer " + chunk.transfer()
                        + " ends at " + chunk.end() + ", past the file's size " + state.size());
            }
            TransferState now = write(state, chunk);
            if (!now.complete()) {
                return new TransferProgress(now, null);
            }
            return new TransferProgress(now, arrive(now));
        } catch (IOException e) {
            throw new CommandException("transfer " + chunk.transfer() + " could not be written to " + folder + ": " + e, e);
        }
    }

    /**
     * Where a transfer stands, to resume it.
     *
     * @param transfer the transfer's id
     * @return its state, or empty when no such transfer is open
     */
    synchronized Optional<TransferState> status(String transfer) {
        try {
            expireIdle();
            return state(transfer);
        } catch (IOException e) {
            throw new CommandException("transfer " + transfer + " could not be read in " + folder + ": " + e, e);
        }
    }

    private TransferState open(Chunk chunk) throws IOException {
        if (chunk.size() == 0) {
            throw new CommandException("transfer " + chunk.transfer() + " says its file is empty (size 0); nothing to send");
        }
        if (chunk.size() > maxBytes) {
            throw new CommandException(chunk.file() + " has " + chunk.size() + " bytes, more than the " + maxBytes
                    + " a transfer may bring (maxPackageMiB of PID " + CommandsConfig.PID + ")");
        }
        if (chunk.offset() != 0) {
            throw new CommandException("no transfer " + chunk.transfer() + " is open (never started, or it expired after "
                    + expiry.toMinutes() + " idle minutes); start it with the chunk at offset 0");
        }
        long open = countOpen();
        if (open >= maxOpen) {
            throw new CommandException(open + " transfers are open already, the most allowed (maxTransfers of PID "
                    + CommandsConfig.PID + "); finish one, or wait until an idle one expires after " + expiry.toMinutes()
                    + " minutes");
        }
        return new TransferState(chunk.transfer(), chunk.file(), chunk.size(), chunk.sha256(), 0);
    }

    private TransferState write(TransferState state, Chunk chunk) throws IOException {
        Path part = folder.resolve(state.transfer() + PART);
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long overlap = Math.min(chunk.end(), state.received()) - chunk.offset();
            if (overlap > 0 && !sameBytes(channel, chunk, (int) overlap)) {
                throw new CommandException("chunk at offset " + chunk.offset() + " of transfer " + chunk.transfer()
                        + " differs from the bytes received there before; " + state.received()
                        + " bytes were received so far; send the chunk at offset " + state.received());
            }
            if (chunk.end() <= state.received()) {
                return state; // a repeat of bytes already here: harmless
            }
            // bytes past the state's count are from a write the state never confirmed (a crash); overwrite them
            channel.truncate(state.received());
            ByteBuffer rest = ByteBuffer.wrap(chunk.data(), (int) Math.max(0, overlap), chunk.data().length - (int) Math.max(0, overlap));
            long position = state.received();
            while (rest.hasRemaining()) {
                position += channel.write(rest, position);
            }
            channel.force(true);
        }
        TransferState now = state.receivedUpTo(chunk.end());
        now.write(folder.resolve(state.transfer() + STATE));
        return now;
    }

    private static boolean sameBytes(FileChannel channel, Chunk chunk, int length) throws IOException {
        ByteBuffer earlier = ByteBuffer.allocate(length);
        long position = chunk.offset();
        while (earlier.hasRemaining()) {
            int read = channel.read(earlier, position);
            if (read < 0) {
                return false;
            }
            position += read;
        }
        return Arrays.equals(earlier.array(), 0, length, chunk.data(), 0, length);
    }

    private Path arrive(TransferState state) throws IOException {
        Path part = folder.resolve(state.transfer() + PART);
        String actual = sha256(part);
        if (!actual.equals(state.sha256())) {
            remove(state.transfer());
            throw new CommandException("transfer " + state.transfer() + " of " + state.file() + " is complete but its "
                    + "sha256 is " + actual + ", not the " + state.sha256() + " announced; it was discarded and nothing "
                    + "was installed; send the file again under a new transfer id");
        }
        Path arrivedFolder = folder.resolve(state.transfer() + ARRIVED);
        deleteTree(arrivedFolder);
        Files.createDirectories(arrivedFolder);
        Path arrived = arrivedFolder.resolve(state.file());
        Files.move(part, arrived, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(folder.resolve(state.transfer() + STATE));
        return arrived;
    }

    /**
     * The SHA-256 of a file, lower-case hex.
     *
     * @param file the file
     * @return its hash
     * @throws IOException when it cannot be read
     */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private Optional<TransferState> state(String transfer) throws IOException {
        Path stateFile = folder.resolve(transfer + STATE);
        if (!Files.isRegularFile(stateFile)) {
            return Optional.empty();
        }
        return Optional.of(TransferState.read(stateFile));
    }

    private long countOpen() throws IOException {
        try (DirectoryStream<Path> states = Files.newDirectoryStream(folder, "*" + STATE)) {
            long n = 0;
            for (Path ignored : states) {
                n++;
            }
            return n;
        }
    }

    /** Removes transfers (and arrived files and state temporaries a crash left) untouched for longer than the expiry. */
    private void expireIdle() throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        FileTime cutoff = FileTime.from(clock.instant().minus(expiry));
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!Files.exists(entry) || Files.getLastModifiedTime(entry).compareTo(cutoff) >= 0) {
                    continue; // gone already: removed with its transfer earlier in this pass
                }
                if (name.endsWith(STATE)) {
                    remove(name.substring(0, name.length() - STATE.length()));
                } else if (name.endsWith(ARRIVED) || name.endsWith(STATE + ".tmp") || name.endsWith(PART) && !Files.exists(
                        folder.resolve(name.substring(0, name.length() - PART.length()) + STATE))) {
                    deleteTree(entry);
                }
            }
        }
    }

    private void remove(String transfer) throws IOException {
        Files.deleteIfExists(folder.resolve(transfer + STATE));
        Files.deleteIfExists(folder.resolve(transfer + PART));
    }

    private static void deleteTree(Path path) {
        try {
            if (Files.isDirectory(path)) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                    for (Path entry : entries) {
                        deleteTree(entry);
                    }
                }
            }
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + path, e);
        }
    }
}
