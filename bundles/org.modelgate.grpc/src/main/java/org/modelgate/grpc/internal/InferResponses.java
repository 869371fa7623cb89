package org.modelgate.grpc.internal;

import org.modelgate.api.InferenceResponse;
import org.modelgate.api.Tensor;
import org.modelgate.grpc.internal.proto.ModelInferResponse;
import org.modelgate.grpc.internal.proto.ModelInferResponse.InferOutputTensor;

/**
 * The core's {@link InferenceResponse} as a {@code ModelInferResponse}: every output in {@code raw_output_contents}
 * (as Triton answers over gRPC), in the order of {@code outputs}.
 */
final class InferResponses {
    private InferResponses() {
    }

    static ModelInferResponse write(InferenceResponse response) {
        ModelInferResponse.Builder reply = ModelInferResponse.newBuilder()
                .setModelName(response.model())
                .setModelVersion(response.version() == null ? "" : response.version());
        if (response.id() != null) {
            reply.setId(response.id());
        }
        for (Tensor output : response.outputs()) {
            InferOutputTensor.Builder tensor = reply.addOutputsBuilder()
                    .setName(output.name())
                    .setDatatype(output.dataType().name());
            for (long dim : output.shape()) {
                tensor.addShape(dim);
            }
            reply.addRawOutputContents(RawContents.write(output));
        }
        return reply.build();
    }
}
