package org.modelgate.fleet.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.modelgate.remote.mqtt.link.Json;

/**
 * A folder of atomic JSON snapshots, one file per object (the rollouts, the federated trainings):
 * {@code <folder>/<id>.json} is written as {@code <id>.json.tmp}, forced to disk, renamed over the old file, and the
 * folder is forced; a crash leaves either the old snapshot or the new one, never a torn file. A leftover {@code .tmp}
 * is removed at load; a snapshot that cannot be read is logged and left as it is (never overwritten, so an operator
 * can look at it) and not resumed.
 *
 * @param <T> what a snapshot holds
 */
public final class SnapshotFolder<T> {
    private static final Logger LOG = Logger.getLogger(SnapshotFolder.class.getName());
    private final Path folder;
    private final String what;
    private final Function<Map<String, Object>, T> reader;

    /**
     * A snapshot folder.
     *
     * @param folder where the snapshots are
     * @param what what one snapshot is, for log lines ("rollout", "training")
     * @param reader reads one snapshot's JSON object; a RuntimeException marks it unreadable
     */
    public SnapshotFolder(Path folder, String what, Function<Map<String, Object>, T> reader) {
        this.folder = folder;
        this.what = what;
        this.reader = reader;
    }

    /**
     * Reads every snapshot, in no particular order.
     *
     * @return the readable snapshots
     * @throws IOException when the folder cannot be made or listed
     */
    public List<T> load() throws IOException {
        Files.createDirectories(folder);
        List<T> loaded = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(file);
                } else if (name.endsWith(".json")) {
                    try {
                        loaded.add(reader.apply(Json.object(Files.readAllBytes(file))));
                    } catch (RuntimeException e) {
                        LOG.log(Level.SEVERE, "fleet controller: " + what + " file " + file + " cannot be read and is"
                                + " left as it is: " + e.getMessage());
                    }
                }
            }
        }
        return loaded;
    }

    /**
     * Writes one snapshot atomically (see the class comment).
     *
     * @param id the snapshot's id, its file name without {@code .json}
     * @param json its content
     * @throws IOException when it cannot be written, or the file system cannot rename atomically
     */
    public void save(String id, byte[] json) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(id + ".json");
        Path temp = folder.resolve(id + ".json.tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(json);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + folder + " cannot rename atomically; the controller's state"
                    + " needs one that can", e);
        }
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a folder for reading; the rename is still atomic there.
        }
    }

    /** @return the folder */
    public Path folder() {
        return folder;
    }
}
