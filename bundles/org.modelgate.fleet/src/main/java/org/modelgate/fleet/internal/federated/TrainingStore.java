package org.modelgate.fleet.internal.federated;

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
 * Trainings on disk, one atomic snapshot each, as the rollouts are kept: {@code <stateDir>/federated/<id>.json} is
 * written to {@code .tmp}, forced, renamed over the old one, and the folder forced; a crash leaves the old snapshot or
 * the new one, never a torn file.
 */
final class TrainingStore {
    private static final Logger LOG = Logger.getLogger(TrainingStore.class.getName());
    private final Path folder;

    TrainingStore(Path stateDir) {
        this.folder = stateDir.resolve("federated");
    }

    List<Training> load() throws IOException {
        Files.createDirectories(folder);
        List<Training> trainings = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(file);
                } else if (name.endsWith(".json")) {
                    try {
                        trainings.add(Training.fromJson(Json.object(Files.readAllBytes(file))));
                    } catch (RuntimeException e) {
                        LOG.log(Level.SEVERE, "federated: training file " + file + " cannot be read and is left as it"
                                + " is: " + e);
                    }
                }
            }
        }
        trainings.sort((a, b) -> a.created.compareTo(b.created));
        return trainings;
    }

    void save(Training training) throws IOException {
        byte[] json = Json.write(training.toJson());
        Files.createDirectories(folder);
        Path target = folder.resolve(training.id + ".json");
        Path temp = folder.resolve(training.id + ".json.tmp");
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
            throw new IOException("the file system of " + folder + " cannot rename atomically", e);
        }
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems cannot open a folder; the rename is atomic all the same
        }
    }

    Path folder() {
        return folder;
    }
}
