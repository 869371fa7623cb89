package org.modelgate.core.internal;

import java.util.List;
import java.util.Map;

import org.modelgate.api.InferenceFailedException;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.ModelUnavailableException;
import org.modelgate.api.ModelgateException;
import org.modelgate.api.Tensor;
import org.modelgate.spi.InferenceRecordSink;

/**
 * The inference path: finds the version serving a model with one map lookup and one volatile read, holds it for the
 * run (a reference count, so a swap or an unload waits for the request), checks the inputs against the model's specs
 * and runs the backend, then offers a record of the request to the record stream when a monitor bundle bound one
 * ({@link InferenceRecorder}). No locks, no logging; messages are built only when a request is refused or fails, and the
 * slow path (the version was swapped under the request, or nothing serves) is a method of its own. A request without an
 * id gets one ({@link RequestIds}), returned in the response and carried by its record, so feedback can name it.
 */
final class ModelRouter {
    private final Map<String, ModelSlot> slots;
    private final ModelTable table;
    private final InferenceRecorder recorder;
    private final RequestIds ids = new RequestIds();

    ModelRouter(ModelTable table, InferenceRecorder recorder) {
        this.table = table;
        this.slots = table.slots;
        this.recorder = recorder;
    }

    InferenceResponse infer(String model, String version, InferenceRequest request) {
        ModelSlot slot = slots.get(model);
        ServingVersion serving = slot == null ? null : slot.serving;
        if (serving == null || !serving.acquire()) {
            serving = retryAcquire(model, slot, serving);
        }
        String id = ids.idOf(request.id());
        InFlightCounter running = slot.inflight;
        running.enter();
        // a record per request only while a monitor bundle is there: without one, this is one volatile read
        InferenceRecordSink records = recorder.sink();
        long start = records == null ? 0 : System.nanoTime();
        long runStart = 0;
        try {
            if (version != null && !version.equals(serving.version())) {
                throw new ModelUnavailableException("version " + version + " of model '" + model
                        + "' is not loaded; the active version is " + serving.version());
            }
            serving.contract.check(request.inputs(), request.outputs());
            List<Tensor> outputs;
            try {
                runStart = records == null ? 0 : System.nanoTime();
                outputs = serving.model.run(request.inputs(), request.outputs());
            } catch (ModelgateException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new InferenceFailedException("model '" + model + "' " + serving.version() + " failed on "
                        + serving.backendName + ": " + e.getMessage(), e);
            }
            if (records != null) {
                InferenceRecorder.succeeded(records, serving, id, request, outputs, start, runStart);
            }
            return new InferenceResponse(model, serving.version(), id, outputs);
        } catch (ModelgateException e) {
            if (records != null) {
                InferenceRecorder.failed(records, serving, id, request, start, runStart, e);
            }
            throw e;
        } finally {
            running.exit();
            serving.release();
        }
    }

    /** The slow path: the version was swapped between the read and the acquire, or nothing serves. */
    private ServingVersion retryAcquire(String model, ModelSlot slot, ServingVersion stale) {
        if (slot != null) {
            ServingVersion current = slot.serving;
            if (current != null && current != stale && current.acquire()) {
                return current;
            }
            String reason = slot.reason == null ? "" : ": " + slot.reason;
            throw new ModelUnavailableException("model '" + model + "' is " + slot.state.name().toLowerCase() + reason);
        }
        if (table.repository.contains(model)) {
            throw new ModelUnavailableException("model '" + model + "' is not loaded; load it with POST /v2/repository/models/"
                    + model + "/load or mg:load " + model);
        }
        throw table.notFound(model);
    }
}
