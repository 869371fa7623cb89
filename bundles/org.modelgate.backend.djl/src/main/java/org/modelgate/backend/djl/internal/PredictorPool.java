package org.modelgate.backend.djl.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.translate.NoopTranslator;

/**
 * DJL {@link Predictor}s of one model, one per request running at a time: a predictor is not safe to share between
 * threads, and making one per request costs more than borrowing one. Lock-free (a concurrent queue); the pool grows
 * to the highest number of requests that ran at once and keeps them until the model is closed.
 */
final class PredictorPool {
    private final Model model;
    private final ConcurrentLinkedQueue<Predictor<NDList, NDList>> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger created = new AtomicInteger();

    PredictorPool(Model model) {
        this.model = model;
    }

    /** A predictor for this thread's request; give it back with {@link #release}. */
    Predictor<NDList, NDList> acquire() {
        Predictor<NDList, NDList> predictor = idle.poll();
        if (predictor == null) {
            predictor = model.newPredictor(new NoopTranslator(null));
            created.incrementAndGet();
        }
        return predictor;
    }

    void release(Predictor<NDList, NDList> predictor) {
        idle.offer(predictor);
    }

    /** How many predictors were made: the most requests that ran at once. */
    int size() {
        return created.get();
    }

    /** Closes every predictor; called once no request runs any more. */
    void close() {
        for (Predictor<NDList, NDList> predictor = idle.poll(); predictor != null; predictor = idle.poll()) {
            predictor.close();
        }
    }
}
