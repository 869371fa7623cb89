package org.modelgate.fleet.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Rollouts on disk, one atomic snapshot per rollout: {@code <stateDir>/rollouts/<id>.json} ({@link SnapshotFolder}). */
final class RolloutStore {
    private final SnapshotFolder<RolloutRecord> snapshots;

    RolloutStore(Path stateDir) {
        this.snapshots = new SnapshotFolder<>(stateDir.resolve("rollouts"), "rollout", RolloutCodec::read);
    }

    List<RolloutRecord> load() throws IOException {
        List<RolloutRecord> records = snapshots.load();
        records.sort((a, b) -> a.created.compareTo(b.created));
        return records;
    }

    void save(String id, byte[] json) throws IOException {
        snapshots.save(id, json);
    }

    Path folder() {
        return snapshots.folder();
    }
}
