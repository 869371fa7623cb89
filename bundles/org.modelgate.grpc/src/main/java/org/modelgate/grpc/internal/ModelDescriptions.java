package org.modelgate.grpc.internal;

import java.util.List;

import org.modelgate.api.ModelInfo;
import org.modelgate.api.TensorSpec;
import org.modelgate.grpc.internal.proto.ModelMetadataResponse;
import org.modelgate.grpc.internal.proto.ModelMetadataResponse.TensorMetadata;
import org.modelgate.grpc.internal.proto.RepositoryIndexResponse.ModelIndex;
import org.modelgate.oip.TritonNames;

/**
 * Model metadata and repository index entries, in the words REST answers with ({@link TritonNames}).
 */
final class ModelDescriptions {
    private ModelDescriptions() {
    }

    static ModelMetadataResponse metadata(ModelInfo model) {
        return ModelMetadataResponse.newBuilder()
                .setName(model.name())
                .addAllVersions(model.versions())
                .setPlatform(TritonNames.platform(model))
                .addAllInputs(tensors(model.inputs()))
                .addAllOutputs(tensors(model.outputs()))
                .build();
    }

    static ModelIndex indexEntry(ModelInfo model) {
        return ModelIndex.newBuilder()
                .setName(model.name())
                .setVersion(model.version() == null ? "" : model.version())
                .setState(TritonNames.repositoryState(model))
                .setReason(TritonNames.repositoryReason(model))
                .build();
    }

    private static List<TensorMetadata> tensors(List<TensorSpec> specs) {
        return specs.stream().map(spec -> {
            TensorMetadata.Builder tensor = TensorMetadata.newBuilder().setName(spec.name())
                    .setDatatype(spec.dataType().name());
            for (long dim : spec.shape()) {
                tensor.addShape(dim);
            }
            return tensor.build();
        }).toList();
    }
}
