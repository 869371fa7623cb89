package org.modelgate.fleet.internal.federated;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.modelgate.fleet.internal.SnapshotFolder;
import org.modelgate.remote.mqtt.link.Json;

/**
 * Trainings on disk, one atomic snapshot each, as the rollouts are kept: {@code <stateDir>/federated/<id>.json}
 * ({@link SnapshotFolder}: a crash leaves the old snapshot or the new one, never a torn file).
 */
final class TrainingStore {
    private final SnapshotFolder<Training> snapshots;

    TrainingStore(Path stateDir) {
        this.snapshots = new SnapshotFolder<>(stateDir.resolve("federated"), "training", Training::fromJson);
    }

    List<Training> load() throws IOException {
        List<Training> trainings = snapshots.load();
        trainings.sort((a, b) -> a.created.compareTo(b.created));
        return trainings;
    }

    void save(Training training) throws IOException {
        snapshots.save(training.id, Json.write(training.toJson()));
    }

    Path folder() {
        return snapshots.folder();
    }
}
