package org.modelgate.backend.djl.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.modelgate.api.InferenceFailedException;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.ModelUnavailableException;
import org.modelgate.api.Tensor;
import org.modelgate.api.TensorSpec;
import org.modelgate.spi.InFlightGuard;
import org.modelgate.spi.LoadedModel;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtException.OrtErrorCode;

/**
 * One model version loaded in a DJL {@link Model}, run through DJL {@link Predictor}s borrowed from a pool (a
 * predictor is not safe to share between threads; the model's engine session is).
 *
 * <p>{@link #run} takes no lock and logs nothing: each request makes its inputs in an NDManager of its own, closed
 * when the outputs have been copied out. {@link #close()} closes the predictors and the model once the runs in flight
 * have ended.
 */
final class DjlModel implements LoadedModel {
    private static final System.Logger LOG = System.getLogger(DjlModel.class.getName());
    private static final int MAX_MESSAGE = 600;

    private final String label;
    private final Engines engine;
    private final Model model;
    private final ModelSignature signature;
    private final PredictorPool predictors;
    private final InFlightGuard guard;

    DjlModel(String label, Engines engine, Model model, ModelSignature signature, Consumer<DjlModel> onClose) {
        this.label = label;
        this.engine = engine;
        this.model = model;
        this.signature = signature;
        this.predictors = new PredictorPool(model);
        this.guard = new InFlightGuard(() -> {
            release();
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
            throw new ModelUnavailableException("model " + label + " has been unloaded from djl");
        }
        try {
            Tensor[] ordered = inModelOrder(inputs);
            signature.dimensions().check(inputs, label);
            Set<String> wanted = outputNames(outputs);
            try (NDManager manager = model.getNDManager().newSubManager()) {
                NDList feed = new NDList(ordered.length);
                for (Tensor input : ordered) {
                    feed.add(TensorMapping.toNd(manager, input));
                }
                NDList result;
                Predictor<NDList, NDList> predictor = predictors.acquire();
                try {
                    result = predictor.predict(feed);
                } finally {
                    predictors.release(predictor);
                }
                return collect(result, wanted);
            }
        } catch (InvalidInputException | InferenceFailedException e) {
            throw e;
        } catch (Exception e) {
            throw translate(e);
        } finally {
            guard.exit();
        }
    }

    private Tensor[] inModelOrder(List<Tensor> inputs) {
        Tensor[] ordered = new Tensor[signature.inputs().size()];
        for (Tensor input : inputs) {
            Integer index = signature.inputIndex().get(input.name());
            if (index == null) {
                throw new InvalidInputException("model " + label + " has no input '" + input.name() + "'; its inputs are "
                        + signature.inputs());
            }
            if (ordered[index] != null) {
                throw new InvalidInputException("model " + label + ": input '" + input.name() + "' is given twice");
            }
            ordered[index] = input;
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < ordered.length; i++) {
            if (ordered[i] == null) {
                missing.add(signature.inputs().get(i).toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidInputException("model " + label + " needs input(s) " + missing);
        }
        return ordered;
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

    /**
     * The requested outputs in the model's order. DJL's engines compute every output: OnnxRuntime names them,
     * PyTorch returns them by position (named by model.json).
     */
    private List<Tensor> collect(NDList result, Set<String> wanted) {
        List<TensorSpec> specs = signature.outputs();
        if (engine == Engines.TORCHSCRIPT && result.size() != specs.size()) {
            throw new InferenceFailedException("model " + label + " returned " + result.size()
                    + " tensor(s), its model.json declares " + specs.size() + " output(s): " + specs);
        }
        List<Tensor> tensors = new ArrayList<>(wanted.size());
        for (int i = 0; i < specs.size(); i++) {
            TensorSpec spec = specs.get(i);
            if (!wanted.contains(spec.name())) {
                continue;
            }
            NDArray array = engine == Engines.TORCHSCRIPT ? result.get(i) : result.get(spec.name());
            if (array == null) {
                throw new InferenceFailedException("model " + label + ": DJL returned no output '" + spec.name() + "'");
            }
            Tensor tensor = TensorMapping.fromNd(spec.name(), array);
            if (tensor.dataType() != spec.dataType()) {
                throw new InferenceFailedException("model " + label + ": output '" + spec.name() + "' is "
                        + tensor.dataType() + ", its model.json declares " + spec.signature());
            }
            tensors.add(tensor);
        }
        return tensors;
    }

    /** An engine's failure as the API's exception: what ONNX Runtime calls an invalid argument is the client's. */
    private RuntimeException translate(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof OrtException ort) {
                String message = "model " + label + ": " + shorten(ort.getMessage());
                return ort.getCode() == OrtErrorCode.ORT_INVALID_ARGUMENT ? new InvalidInputException(message, e)
                        : new InferenceFailedException(message, e);
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new InferenceFailedException("model " + label + ": djl " + engine.engineName() + " failed: "
                + shorten(String.valueOf(root.getMessage())), e);
    }

    // TorchScript errors carry the whole script traceback: the first lines say what went wrong.
    private static String shorten(String message) {
        String text = message == null ? "" : message.strip();
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + " ...";
    }

    /**
     * Closes the predictors and the model as soon as no run is in flight; later runs fail with
     * {@link ModelUnavailableException}. Safe to call more than once.
     */
    @Override
    public void close() {
        guard.close();
    }

    boolean isClosed() {
        return guard.isClosed();
    }

    int predictorCount() {
        return predictors.size();
    }

    private void release() {
        try {
            predictors.close();
            model.close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the djl model " + label + " failed", e);
        }
    }

    @Override
    public String toString() {
        return "djl " + engine.engineName() + " model " + label;
    }
}
