package org.modelgate.core.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;
import org.modelgate.spi.InferenceBackend;
import org.modelgate.spi.LoadedModel;
import org.modelgate.spi.ModelArtifact;

/** The affine backend (input x: FP32[-1,2]), recording the shape and values of every input x it runs on. */
final class ShapeRecordingBackend implements InferenceBackend {
    final AffineBackend affine = new AffineBackend();
    final List<long[]> shapes = new CopyOnWriteArrayList<>();
    final List<float[]> values = new CopyOnWriteArrayList<>();

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
        LoadedModel model = affine.load(artifact);
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
}
