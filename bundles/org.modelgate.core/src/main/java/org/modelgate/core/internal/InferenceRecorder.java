package org.modelgate.core.internal;

import java.util.List;

import org.modelgate.api.InferenceFailedException;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceTimeoutException;
import org.modelgate.api.ModelgateException;
import org.modelgate.api.Tensor;
import org.modelgate.spi.InferenceRecord;
import org.modelgate.spi.InferenceRecordSink;

/**
 * The core's end of the record stream: builds the {@link InferenceRecord} of an inference and offers it to the
 * registered {@link InferenceRecordSink}.
 *
 * <p>The router reads {@link #sink()} once per request; with no sink (no monitor bundle) it neither reads the clock
 * for the record nor builds one, so monitoring off costs one volatile read.
 */
final class InferenceRecorder {
    private volatile InferenceRecordSink sink;

    /** @return the sink now, or null when no record stream is present */
    InferenceRecordSink sink() {
        return sink;
    }

    void use(InferenceRecordSink newSink) {
        sink = newSink;
    }

    void forget(InferenceRecordSink oldSink) {
        if (sink == oldSink) {
            sink = null;
        }
    }

    /** Records a request that ran; {@code startNanos} and {@code runStartNanos} come from {@link System#nanoTime()}. */
    static void succeeded(InferenceRecordSink sink, ServingVersion serving, String id, InferenceRequest request,
            List<Tensor> outputs, long startNanos, long runStartNanos) {
        long end = System.nanoTime();
        sink.offer(record(serving, id, request, outputs, startNanos, end, end - runStartNanos, InferenceRecord.Outcome.SUCCESS));
    }

    /** Records a request that ended with {@code failure}; {@code runStartNanos} is 0 when the model did not run. */
    static void failed(InferenceRecordSink sink, ServingVersion serving, String id, InferenceRequest request,
            long startNanos, long runStartNanos, ModelgateException failure) {
        long end = System.nanoTime();
        // once the model ran, whatever ended it is the model's failure (a model host that died answers
        // ModelUnavailableException); before that, the request was refused (bad input, wrong version)
        InferenceRecord.Outcome outcome = runStartNanos != 0 || failure instanceof InferenceFailedException
                || failure instanceof InferenceTimeoutException ? InferenceRecord.Outcome.FAILED
                        : InferenceRecord.Outcome.REJECTED;
        sink.offer(record(serving, id, request, null, startNanos, end, runStartNanos == 0 ? 0 : end - runStartNanos, outcome));
    }

    private static InferenceRecord record(ServingVersion serving, String id, InferenceRequest request, List<Tensor> outputs,
            long startNanos, long endNanos, long computeNanos, InferenceRecord.Outcome outcome) {
        long latency = endNanos - startNanos;
        return new InferenceRecord(serving.descriptor.name(), serving.version(), serving.backendName,
                serving.plan == null ? null : serving.plan.accelerator(), id,
                System.currentTimeMillis() - latency / 1_000_000, latency, computeNanos, outcome, request.inputs(),
                outputs, serving.descriptor.labels().size());
    }
}
