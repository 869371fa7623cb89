package org.modelgate.core.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.modelgate.api.ModelLoadException;
import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;
import org.modelgate.spi.InferenceBackend;
import org.modelgate.spi.LoadedModel;
import org.modelgate.spi.ModelArtifact;

/**
 * The affine backend (input x: FP32[-1,2]), recording the options of every load and the shape and values of every
 * input x it runs on; settings with {@code device=<refused>} are refused the way a runtime refuses an execution
 * provider it cannot add.
 */
final class RecordingBackend implements InferenceBackend {
    final AffineBackend affine = new AffineBackend();
    final List<Map<String, String>> loadedWith = new CopyOnWriteArrayList<>();
    final List<long[]> shapes = new CopyOnWriteArrayList<>();
    final List<float[]> values = new CopyOnWriteArrayList<>();
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
        return new LoadedModel() {
            @Override
            public List<TensorSpec> inputs() {
                return model.inputs();
            }

            @Override
            public List<TensorSpec> outputs() {
                return model.outputs();
            }

            @Override
            public List<Tensor> run(List<Tensor> inputs, Set<String> outputs) {
                shapes.add(inputs.get(0).shape());
                values.add(inputs.get(0).toFloatArray());
                return model.run(inputs, outputs);
            }

            @Override
            public void close() {
                model.close();
            }
        };
    }

    Map<String, String> lastOptions() {
        return loadedWith.get(loadedWith.size() - 1);
    }

    List<AffineBackend.Model> models() {
        return affine.loaded;
    }
}
