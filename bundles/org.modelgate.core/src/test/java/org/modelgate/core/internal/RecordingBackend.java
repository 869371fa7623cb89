package org.modelgate.core.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.modelgate.api.ModelLoadException;
import org.modelgate.spi.InferenceBackend;
import org.modelgate.spi.LoadedModel;
import org.modelgate.spi.ModelArtifact;

/**
 * The affine backend, recording the options of every load; settings with {@code device=<refused>} are refused
 * the way a runtime refuses an execution provider it cannot add.
 */
final class RecordingBackend implements InferenceBackend {
    final AffineBackend affine = new AffineBackend();
    final List<Map<String, String>> loadedWith = new CopyOnWriteArrayList<>();
    volatile String refusedDevice;

    @Override
    public String name() {
        return "affine";
    }

    @Override
    public String version() {
        return "1.0";
    }

    @Override
    public Set<String> formats() {
        return Set.of("affine");
    }

    @Override
    public LoadedModel load(ModelArtifact artifact) {
        String device = artifact.options().get("device");
        if (device != null && device.equals(refusedDevice)) {
            throw new ModelLoadException("execution provider " + device + " cannot be added: no such device");
        }
        LoadedModel model = affine.load(artifact);
        loadedWith.add(artifact.options());
        return model;
    }

    Map<String, String> lastOptions() {
        return loadedWith.get(loadedWith.size() - 1);
    }

    List<AffineBackend.Model> models() {
        return affine.loaded;
    }
}
