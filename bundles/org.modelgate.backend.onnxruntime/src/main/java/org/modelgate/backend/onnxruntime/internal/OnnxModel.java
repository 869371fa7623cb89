package org.modelgate.backend.onnxruntime.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.modelgate.api.InferenceFailedException;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.ModelUnavailableException;
import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;
import org.modelgate.spi.InFlightGuard;
import org.modelgate.spi.LoadedModel;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtException.OrtErrorCode;
import ai.onnxruntime.OrtSession;

/**
 * One ONNX model version loaded in its own {@link OrtSession}, shared by every request.
 *
 * <p>{@link #run} takes no lock and logs nothing: ONNX Runtime sessions are safe to run from many
 * threads at once. {@link #close()} closes the session once the runs in flight have ended.
 */
final class OnnxModel implements LoadedModel {
    private static final System.Logger LOG = System.getLogger(OnnxModel.class.getName());

    private final String label;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelSignature signature;
    private final InFlightGuard guard;

    /**
     * Wraps a session.
     *
     * @param label the model as people name it, for messages
     * @param env the process-wide environment (never closed here)
     * @param session the session, owned by this model from now on
     * @param signature the session's inputs and outputs
     * @param onClose told once this model is closed
     */
    OnnxModel(String label, OrtEnvironment env, OrtSession session, ModelSignature signature,
            Consumer<OnnxModel> onClose) {
        this.label = label;
        this.env = env;
        this.session = session;
        this.signature = signature;
        this.guard = new InFlightGuard(() -> {
            closeSession();
            onClose.accept(this);
        });
    }

    @Override
    public List<TensorSpec> inputs() {
        return signature.inputs();
    }

    @Override
    public List<TensorSpec> outputs() {
        return signature.outputs();
    }

    @Override
    public List<Tensor> run(List<Tensor> inputs, Set<String> outputs) {
        if (!guard.enter()) {
            throw new ModelUnavailableException("model " + label + " has been unloaded from onnxruntime");
        }
        try {
            signature.dimensions().check(inputs, label);
            return runSession(inputs, outputNames(outputs));
        } finally {
            guard.exit();
        }
    }

    private Set<String> outputNames(Set<String> requested) {
        if (requested.isEmpty()) {
            return signature.outputNames();
        }
        for (String name : requested) {
            if (!signature.outputNames().contains(name)) {
                throw new InvalidInputException("model " + label + " has no output '" + name + "'; its outputs are "
                        + signature.outputNames());
            }
        }
        return requested;
    }

    private List<Tensor> runSession(List<Tensor> inputs, Set<String> outputNames) {
        Map<String, OnnxTensor> feed = new HashMap<>(inputs.size() * 2);
        OrtSession.Result result = null;
        try {
            for (Tensor input : inputs) {
                requireInput(input, feed);
                feed.put(input.name(), TensorBridge.toOrt(env, input));
            }
            if (feed.size() != signature.inputs().size()) {
                throw missingInputs(feed);
            }
            result = session.run(feed, outputNames);
            return collect(result, outputNames);
        } catch (OrtException e) {
            throw translate(e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InferenceFailedException("model " + label + ": onnxruntime failed: " + e.getMessage(), e);
        } finally {
            if (result != null) {
                result.close();
            }
            for (OnnxTensor tensor : feed.values()) {
                tensor.close();
            }
        }
    }

    private void requireInput(Tensor input, Map<String, OnnxTensor> feed) {
        if (!signature.inputIndex().containsKey(input.name())) {
            throw new InvalidInputException("model " + label + " has no input '" + input.name() + "'; its inputs are "
                    + signature.inputs());
        }
        if (feed.containsKey(input.name())) {
            throw new InvalidInputException("model " + label + ": input '" + input.name() + "' is given twice");
        }
    }

    private InvalidInputException missingInputs(Map<String, OnnxTensor> feed) {
        List<String> missing = new ArrayList<>();
        for (TensorSpec spec : signature.inputs()) {
            if (!feed.containsKey(spec.name())) {
                missing.add(spec.toString());
            }
        }
        return new InvalidInputException("model " + label + " needs input(s) " + missing);
    }

    // In the model's output order, whatever order the caller's set has.
    private List<Tensor> collect(OrtSession.Result result, Set<String> outputNames) throws OrtException {
        List<Tensor> tensors = new ArrayList<>(outputNames.size());
        for (TensorSpec spec : signature.outputs()) {
            if (outputNames.contains(spec.name())) {
                Optional<OnnxValue> value = result.get(spec.name());
                if (value.isEmpty()) {
                    throw new InferenceFailedException("model " + label + ": onnxruntime returned no output '"
                            + spec.name() + "'");
                }
                tensors.add(TensorBridge.fromOrt(spec.name(), value.get()));
            }
        }
        return tensors;
    }

    private RuntimeException translate(OrtException e) {
        String message = "model " + label + ": " + e.getMessage();
        if (e.getCode() == OrtErrorCode.ORT_INVALID_ARGUMENT) {
            return new InvalidInputException(message, e);
        }
        return new InferenceFailedException(message, e);
    }

    /**
     * Closes the session as soon as no run is in flight; later runs fail with
     * {@link ModelUnavailableException}. Safe to call more than once.
     */
    @Override
    public void close() {
        guard.close();
    }

    boolean isClosed() {
        return guard.isClosed();
    }

    private void closeSession() {
        try {
            session.close();
        } catch (OrtException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the onnxruntime session of model " + label + " failed", e);
        }
    }

    @Override
    public String toString() {
        return "onnxruntime model " + label;
    }
}
