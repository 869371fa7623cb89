package org.modelgate.core.internal;

import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import org.modelgate.api.ChallengerInfo;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.TrafficSplit;

/**
 * A version loaded beside a model's serving one for a traffic policy: which requests it takes, and in shadow mode the
 * bounded executor its copies run on, off the callers' threads. A full queue skips the copy and counts it; the caller
 * never waits for the challenger.
 *
 * <p>Which requests: with {@link TrafficSplit#sticky()} and a route key, a stable hash of the key (the same key, the
 * same bucket, in every run of the gateway: {@link String#hashCode()} is specified); otherwise a random draw. The
 * share is kept in hundredths of a percent.
 */
final class Challenger {
    /** Shadow copies waiting to run, at most; beyond it a copy is skipped and counted. */
    static final int SHADOW_QUEUE = 256;
    private static final int BUCKETS = 10_000;

    final ServingVersion serving;
    final String champion;
    final TrafficSplit split;
    final Instant since = Instant.now();
    final LongAdder requests = new LongAdder();
    final LongAdder shadowSkipped = new LongAdder();
    private final int threshold;
    private final ThreadPoolExecutor shadows;
    private volatile boolean ended;

    Challenger(ServingVersion serving, String champion, TrafficSplit split) {
        this.serving = serving;
        this.champion = champion;
        this.split = split;
        this.threshold = (int) Math.round(split.percent() * (BUCKETS / 100.0));
        this.shadows = split.shadow() ? shadowExecutor(serving.descriptor.name()) : null;
    }

    private static ThreadPoolExecutor shadowExecutor(String model) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(SHADOW_QUEUE), r -> {
                    Thread thread = new Thread(r, "modelgate-shadow-" + model);
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** Whether this request goes to (split) or is copied to (shadow) the challenger. */
    boolean picks(InferenceRequest request) {
        String key = request.routeKey();
        if (split.sticky() && key != null) {
            return bucket(key) < threshold;
        }
        return threshold >= BUCKETS || ThreadLocalRandom.current().nextInt(BUCKETS) < threshold;
    }

    /** The bucket of a route key, 0 to 9999: {@link String#hashCode()} spread with MurmurHash3's finalizer. */
    static int bucket(String key) {
        int h = key.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return (h & 0x7fffffff) % BUCKETS;
    }

    String version() {
        return serving.version();
    }

    /** Queues a shadow copy; false (and counted) when the queue is full or the challenger ended. */
    boolean shadow(Runnable copy) {
        if (ended) {
            return false;
        }
        try {
            shadows.execute(() -> {
                if (!ended) {
                    copy.run();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            shadowSkipped.increment();
            return false;
        }
    }

    /** No more copies: queued ones are dropped, a running one finishes (it holds a reference on the version). */
    void end() {
        ended = true;
        if (shadows != null) {
            shadows.shutdown();
        }
    }

    ChallengerInfo info() {
        return new ChallengerInfo(serving.descriptor.name(), version(), champion, split, since, requests.sum(),
                shadowSkipped.sum());
    }
}
