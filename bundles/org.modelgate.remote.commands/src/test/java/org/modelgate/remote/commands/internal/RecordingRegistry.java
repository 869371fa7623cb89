package org.modelgate.remote.commands.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.modelgate.api.BackendInfo;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.ModelState;
import org.modelgate.api.VersionEvent;
import org.modelgate.api.VersionRefusedException;

/**
 * A model registry in memory for the command tests: install takes a file named NAME-VERSION.mgp whose content is
 * "good" (anything else is refused as a bad signature would be), and records the bytes it saw.
 */
final class RecordingRegistry implements ModelRegistry {
    final Map<String, ModelInfo> models = new LinkedHashMap<>();
    final Map<String, List<VersionEvent>> history = new LinkedHashMap<>();
    final List<String> installedBytes = new ArrayList<>();
    RuntimeException failActivate;
    org.modelgate.api.ProfileReport profileReport;
    org.modelgate.api.ProfileRequest profiled;

    @Override
    public org.modelgate.api.ProfileReport profile(String name, org.modelgate.api.ProfileRequest request,
            org.modelgate.api.ProfileListener progress) {
        if (profileReport == null) {
            return ModelRegistry.super.profile(name, request, progress);
        }
        profiled = request;
        return profileReport;
    }

    RecordingRegistry withModel(String name, String active, String... versions) {
        models.put(name, info(name, active, List.of(versions)));
        history.computeIfAbsent(name, n -> new ArrayList<>()).add(new VersionEvent(Instant.now(), active,
                VersionEvent.Kind.COMMITTED, "boot"));
        return this;
    }

    private static ModelInfo info(String name, String active, List<String> versions) {
        return new ModelInfo(name, active, versions, "onnx", "onnxruntime", ModelState.READY, null, List.of(), List.of(),
                List.of());
    }

    @Override
    public List<ModelInfo> models() {
        return List.copyOf(models.values());
    }

    @Override
    public Optional<ModelInfo> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    @Override
    public ModelInfo load(String name) {
        return model(name).orElseThrow();
    }

    @Override
    public ModelInfo load(String name, boolean force) {
        return load(name);
    }

    @Override
    public ModelInfo unload(String name) {
        return load(name);
    }

    @Override
    public ModelInfo activate(String name, String version) {
        return activate(name, version, false);
    }

    @Override
    public ModelInfo activate(String name, String version, boolean force) {
        if (failActivate != null) {
            throw failActivate;
        }
        ModelInfo m = models.get(name);
        if (m == null || !m.versions().contains(version)) {
            throw new ModelNotFoundException("model " + name + " has no version " + version);
        }
        ModelInfo now = info(name, version, m.versions());
        models.put(name, now);
        history.get(name).add(new VersionEvent(Instant.now(), version, VersionEvent.Kind.COMMITTED, "activated"));
        return now;
    }

    @Override
    public ModelInfo install(Path file) {
        try {
            String content = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
            installedBytes.add(content);
            if (!content.startsWith("good")) {
                throw new VersionRefusedException(file.getFileName() + " is not signed by a trusted model signer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String base = file.getFileName().toString().replace(".mgp", "");
        String name = base.substring(0, base.lastIndexOf('-'));
        String version = base.substring(base.lastIndexOf('-') + 1);
        ModelInfo m = models.get(name);
        List<String> versions = new ArrayList<>(m == null ? List.of() : m.versions());
        versions.add(version);
        ModelInfo now = info(name, m == null ? null : m.version(), versions);
        models.put(name, now);
        history.computeIfAbsent(name, n -> new ArrayList<>()).add(new VersionEvent(Instant.now(), version,
                VersionEvent.Kind.INSTALLED, "installed"));
        return now;
    }

    @Override
    public ModelInfo rollback(String name) {
        throw new IllegalStateException("model " + name + " has no earlier committed version");
    }

    @Override
    public ModelInfo remove(String name, String version) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<VersionEvent> history(String name) {
        return history.getOrDefault(name, List.of());
    }

    @Override
    public List<BackendInfo> backends() {
        return List.of();
    }
}
