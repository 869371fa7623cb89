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
import java.util.logging.Level;
import java.util.logging.Logger;
import org.modelgate.remote.mqtt.link.Json;

/**
 * Rollouts on disk, one atomic snapshot per rollout: {@code <stateDir>/rollouts/<id>.json} is written as
 * {@code <id>.json.tmp}, forced to disk, renamed over the old file, and the folder is forced; a crash leaves either
 * the old snapshot or the new one, never a torn file. A leftover {@code .tmp} is ignored and removed at open.
 */
final class RolloutStore {
    private static final Logger LOG = Logger.getLogger(RolloutStore.class.getName());
    private final Path folder;

    RolloutStore(Path stateDir) {
        this.folder = stateDir.resolve("rollouts");
    }

    List<RolloutRecord> load() throws IOException {
        Files.createDirectories(folder);
        List<RolloutRecord> records = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(file);
                } else if (name.endsWith(".json")) {
                    try {
                        records.add(RolloutCodec.read(Json.object(Files.readAllBytes(file))));
                    } catch (RuntimeException e) {
                        // Never overwritten: an operator can look at it; the rollout is not resumed.
                        LOG.log(Level.SEVERE, "fleet controller: rollout file " + file + " cannot be read and is"
                                + " left as it is: " + e.getMessage());
                    }
                }
            }
        }
        records.sort((a, b) -> a.created.compareTo(b.created));
        return records;
    }

    void save(String id, byte[] json) throws IOException {
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

    Path folder() {
        return folder;
    }
}
