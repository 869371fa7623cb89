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
 *
 * <p>While a traffic policy runs ({@link ModelSlot#challenger}), its challenger answers its share of the requests or
 * runs a copy of them (shadow, on its own executor); with no policy that costs one more volatile read. A version that
 * batches (model.json {@code "batching"}) queues the checked request in its {@link DynamicBatcher} and the caller waits
 * there for its rows; one that does not runs it on the caller's thread ({@link ServingVersion#run}: a null check).
 */
final class ModelRouter {
    /**
     * The suffix of a shadow copy's request id in its {@link org.modelgate.spi.InferenceRecord}: the caller's id
     * belongs to the champion's answer (feedback by id goes there), the copy's record carries {@code <id>#shadow}.
     */
    static final String SHADOW_SUFFIX = "#shadow";

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
        // with no traffic policy on the model, this read is all a policy costs
        Challenger challenger = slot.challenger;
        if (challenger != null) {
            return withChallenger(model, slot, serving, challenger, version, request);
        }
        return run(model, slot, serving, version, request, ids.idOf(request.id()));
    }

    /**
     * Runs a request on {@code serving}, which the caller acquired; releases it. Checks that it is the version asked
     * for, if one was.
     */
    private InferenceResponse run(String model, ModelSlot slot, ServingVersion serving, String version,
            InferenceRequest request, String id) {
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
                outputs = serving.run(request.inputs(), request.outputs());
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

    /**
     * A traffic policy runs: the request may go to the challenger (its share in split mode, or when asked for by
     * version), or run on the champion and be copied to the challenger (shadow). A challenger that is leaving (its
     * reference cannot be taken) sends the request to the champion, so promotion and rollback fail no request.
     */
    private InferenceResponse withChallenger(String model, ModelSlot slot, ServingVersion champion, Challenger challenger,
            String version, InferenceRequest request) {
        String id = ids.idOf(request.id());
        boolean asked = version != null && version.equals(challenger.version()) && !version.equals(champion.version());
        if (asked || (version == null && !challenger.split.shadow() && challenger.picks(request))) {
            if (challenger.serving.acquire()) {
                champion.release();
                challenger.requests.increment();
                return run(model, slot, challenger.serving, version, request, id);
            }
        }
        InferenceResponse answer = run(model, slot, champion, version, request, id);
        if (challenger.split.shadow() && version == null && challenger.picks(request)) {
            challenger.shadow(() -> shadowRun(model, challenger, request, id));
        }
        return answer;
    }

    /**
     * A shadow copy, on the challenger's executor: run, recorded under {@link #SHADOW_SUFFIX derived id}, never
     * returned; a failure is the record's outcome and nothing else.
     */
    private void shadowRun(String model, Challenger challenger, InferenceRequest request, String id) {
        ServingVersion shadow = challenger.serving;
        if (!shadow.acquire()) {
            return; // it left meanwhile
        }
        challenger.requests.increment();
        InferenceRecordSink records = recorder.sink();
        long start = System.nanoTime();
        long runStart = 0;
        String shadowId = id + SHADOW_SUFFIX;
        try {
            shadow.contract.check(request.inputs(), request.outputs());
            runStart = System.nanoTime();
            List<Tensor> outputs = shadow.run(request.inputs(), request.outputs());
            if (records != null) {
                InferenceRecorder.succeeded(records, shadow, shadowId, request, outputs, start, runStart);
            }
        } catch (ModelgateException e) {
            if (records != null) {
                InferenceRecorder.failed(records, shadow, shadowId, request, start, runStart, e);
            }
        } catch (RuntimeException e) {
            if (records != null) {
                InferenceRecorder.failed(records, shadow, shadowId, request, start, runStart,
                        new InferenceFailedException("model '" + model + "' " + shadow.version() + " (shadow) failed on "
                                + shadow.backendName + ": " + e.getMessage(), e));
            }
        } finally {
            shadow.release();
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
