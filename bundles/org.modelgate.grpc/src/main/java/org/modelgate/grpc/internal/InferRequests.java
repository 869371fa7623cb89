package org.modelgate.grpc.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.modelgate.api.DataType;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.Tensor;
import org.modelgate.grpc.internal.proto.InferParameter;
import org.modelgate.grpc.internal.proto.ModelInferRequest;
import org.modelgate.grpc.internal.proto.ModelInferRequest.InferInputTensor;
import org.modelgate.grpc.internal.proto.ModelInferRequest.InferRequestedOutputTensor;

/**
 * A {@code ModelInferRequest} as the core's {@link InferenceRequest}: inputs from {@code raw_input_contents} (one per
 * input, in order) or from each input's typed {@code contents}, never both; the requested outputs; the request
 * parameter {@code route_key} (a sticky traffic policy's key), as REST reads it.
 */
final class InferRequests {
    static final String ROUTE_KEY = "route_key";

    private InferRequests() {
    }

    /**
     * Reads the request.
     *
     * @throws InvalidInputException naming the input and what to fix
     */
    static InferenceRequest read(ModelInferRequest request) {
        int raw = request.getRawInputContentsCount();
        if (raw > 0 && raw != request.getInputsCount()) {
            throw new InvalidInputException("raw_input_contents has " + raw + " entries but the request has "
                    + request.getInputsCount() + " inputs; give one entry per input, in the order of inputs");
        }
        List<Tensor> inputs = new ArrayList<>(request.getInputsCount());
        for (int i = 0; i < request.getInputsCount(); i++) {
            inputs.add(input(request, i, raw > 0));
        }
        Set<String> outputs = new LinkedHashSet<>();
        for (InferRequestedOutputTensor output : request.getOutputsList()) {
            outputs.add(output.getName());
        }
        InferenceRequest read = new InferenceRequest(request.getId().isEmpty() ? null : request.getId(), inputs, outputs);
        InferParameter key = request.getParametersMap().get(ROUTE_KEY);
        return key == null ? read : read.withRouteKey(routeKey(key));
    }

    private static Tensor input(ModelInferRequest request, int index, boolean raw) {
        InferInputTensor input = request.getInputs(index);
        String name = input.getName();
        if (name.isEmpty()) {
            throw new InvalidInputException("input " + index + " has no name");
        }
        DataType type = DataType.fromName(input.getDatatype().isEmpty() ? null : input.getDatatype());
        long[] shape = Shapes.of(input.getShapeList());
        if (raw) {
            if (input.hasContents()) {
                throw new InvalidInputException("input '" + name + "' has contents while the request has raw_input_contents;"
                        + " give every input one way");
            }
            return RawContents.read(index, name, type, shape, request.getRawInputContents(index));
        }
        if (!input.hasContents()) {
            throw new InvalidInputException("input '" + name + "' has no contents and the request no raw_input_contents");
        }
        return TypedContents.read(name, type, shape, input.getContents());
    }

    private static String routeKey(InferParameter key) {
        switch (key.getParameterChoiceCase()) {
            case STRING_PARAM:
                return key.getStringParam();
            case INT64_PARAM:
                return String.valueOf(key.getInt64Param());
            default:
                throw new InvalidInputException("parameter " + ROUTE_KEY + " must be a string or an int64, got " + key);
        }
    }
}
