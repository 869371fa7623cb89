package org.modelgate.monitor.metrics.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.modelgate.api.BackendInfo;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.ModelState;
import org.modelgate.api.VersionEvent;

/** A registry holding one model and its version history, for what the metrics read; it changes nothing. */
final class ModelHistoryRegistry implements ModelRegistry {
    /** What batchStatistics answers for every model. */
    volatile List<org.modelgate.api.BatchStatistics> batches = List.of();

    @Override
    public List<org.modelgate.api.BatchStatistics> batchStatistics(String name) {
        return batches;
    }

    /** What requestsInFlight answers for every model. */
    volatile long inFlight;
    private final ModelInfo model;
    private final List<VersionEvent> history;

    ModelHistoryRegistry(String name, String version, ModelState state, VersionEvent.Kind... kinds) {
        this.model = new ModelInfo(name, version, List.of(version), "onnx", "onnxruntime", state, null, List.of(),
                List.of(), List.of());
        this.history = java.util.Arrays.stream(kinds).map(k -> new VersionEvent(Instant.EPOCH, version, k, null)).toList();
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(model);
    }

    @Override
    public Optional<ModelInfo> model(String name) {
        return name.equals(model.name()) ? Optional.of(model) : Optional.empty();
    }

    @Override
    public long requestsInFlight(String name) {
        return inFlight;
    }

    @Override
    public List<VersionEvent> history(String name) {
        return history;
    }

    @Override
    public List<BackendInfo> backends() {
        return List.of();
    }

    @Override
    public ModelInfo load(String name) {
        throw new UnsupportedOperationException("read only");
    }

    @Override
    public ModelInfo load(String name, boolean force) {
        throw new UnsupportedOperationException("read only");
    }

    @Override
    public ModelInfo unload(String name) {
        throw new UnsupportedOperationException("read only");
    }

    @Override
    public ModelInfo activate(String name, String version) {
        throw new UnsupportedOperationException("read only");
    }

    @Override
    public ModelInfo activate(String name, String version, boolean force) {
        throw new UnsupportedOperationException("read only");
    }

    @Override
    public ModelInfo install(Path versionFolder) {
        throw new UnsupportedOperationException("read only");
    }

    @Override
    public ModelInfo rollback(String name) {
        throw new UnsupportedOperationException("read only");
    }

    @Override
    public ModelInfo remove(String name, String version) {
        throw new UnsupportedOperationException("read only");
    }
}
