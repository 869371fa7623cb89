package org.modelgate.traffic.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.modelgate.api.BackendInfo;
import org.modelgate.api.ChallengerInfo;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.ModelState;
import org.modelgate.api.TrafficSplit;
import org.modelgate.api.VersionEvent;
import org.modelgate.api.VersionRefusedException;

/**
 * The registry's side of traffic policies as the traffic manager sees it: one model serving a champion, a challenger
 * started and ended, each end written down with its evidence as the core writes it into the history. The core's own
 * behaviour (routing, trial, promotion under load) is tested in org.modelgate.core's TrafficPolicyRoutingTest.
 */
final class RecordingRegistry implements ModelRegistry {
    /** One end of a challenger: promoted or not, and the evidence given. */
    record End(String model, boolean promoted, String evidence) {
    }

    final List<End> ends = new ArrayList<>();
    volatile String champion = "1.0.0";
    volatile ChallengerInfo challenger;
    /** model.json documents by "model version", as the health monitor reads them. */
    final java.util.Map<String, java.util.Map<String, Object>> modelJsons = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Optional<java.util.Map<String, Object>> modelJson(String name, String version) {
        return Optional.ofNullable(modelJsons.get(name + " " + version));
    }

    @Override
    public ChallengerInfo startChallenger(String name, String version, TrafficSplit split) {
        if (challenger != null) {
            throw new VersionRefusedException("model '" + name + "' already has challenger " + challenger.version());
        }
        challenger = new ChallengerInfo(name, version, champion, split, Instant.now(), 0, 0);
        return challenger;
    }

    @Override
    public synchronized ModelInfo endChallenger(String name, boolean promote, String evidence) {
        if (challenger == null) {
            throw new VersionRefusedException("model '" + name + "' has no challenger: no traffic policy runs on it");
        }
        ends.add(new End(name, promote, evidence));
        if (promote) {
            champion = challenger.version();
        }
        challenger = null;
        return null;
    }

    @Override
    public Optional<ChallengerInfo> challenger(String name) {
        return Optional.ofNullable(challenger);
    }

    @Override
    public List<ModelInfo> models() {
        return List.of();
    }

    @Override
    public Optional<ModelInfo> model(String name) {
        return name.equals("iris") ? Optional.of(new ModelInfo("iris", champion, List.of("1.0.0", "1.1.0"), "onnx",
                "onnxruntime", ModelState.READY, null, List.of(), List.of(), List.of(), null, null)) : Optional.empty();
    }

    @Override
    public ModelInfo load(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ModelInfo load(String name, boolean force) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ModelInfo unload(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ModelInfo activate(String name, String version) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ModelInfo activate(String name, String version, boolean force) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ModelInfo install(Path versionFolder) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ModelInfo rollback(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ModelInfo remove(String name, String version) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<VersionEvent> history(String name) {
        return List.of();
    }

    @Override
    public List<BackendInfo> backends() {
        return List.of();
    }
}
