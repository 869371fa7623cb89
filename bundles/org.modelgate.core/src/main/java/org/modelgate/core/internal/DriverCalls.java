package org.modelgate.core.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.modelgate.spi.AcceleratorDriver;
import org.modelgate.spi.DeviceProbe;

/**
 * Calls into accelerator drivers, which are plugins: each call runs on a thread of its own with a time limit,
 * and whatever it throws becomes a {@link DriverFailure} naming the driver. So a driver that throws, hangs or
 * fails to link can cost a model its first choice, never the registry its thread.
 */
final class DriverCalls implements AutoCloseable {
    static final Duration PROBE_LIMIT = Duration.ofSeconds(10);
    static final Duration CALL_LIMIT = Duration.ofSeconds(5);

    private final ExecutorService threads;
    private final Duration probeLimit;
    private final Duration callLimit;

    DriverCalls() {
        this(PROBE_LIMIT, CALL_LIMIT);
    }

    DriverCalls(Duration probeLimit, Duration callLimit) {
        this.probeLimit = probeLimit;
        this.callLimit = callLimit;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "modelgate-driver-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Probes a driver in the background.
     *
     * @return completes with the probe, or with an unavailable result saying what went wrong; never exceptionally
     */
    CompletableFuture<DeviceProbe> probe(String name, AcceleratorDriver driver) {
        CompletableFuture<DeviceProbe> result = new CompletableFuture<>();
        try {
            threads.execute(() -> {
                try {
                    DeviceProbe probe = driver.probe();
                    result.complete(probe != null ? probe : DeviceProbe.unavailable("driver '" + name
                            + "' is faulty: its probe() returned null"));
                } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
                    result.complete(DeviceProbe.unavailable("driver '" + name + "' failed in probe(): " + describe(e)));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.complete(DeviceProbe.unavailable("the registry is stopping"));
        }
        return result.completeOnTimeout(DeviceProbe.unavailable("driver '" + name + "' did not finish its probe within "
                + probeLimit.toSeconds() + " s"), probeLimit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Calls a driver and waits for the answer.
     *
     * @param name the driver's name, for messages
     * @param method the method called, for messages
     * @throws DriverFailure when the call throws or does not answer in time
     */
    <T> T call(String name, String method, Callable<T> call) {
        Future<T> future;
        try {
            future = threads.submit(call);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new DriverFailure("driver '" + name + "' was not asked: the registry is stopping");
        }
        try {
            return future.get(callLimit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new DriverFailure("driver '" + name + "' failed in " + method + "(): " + describe(e.getCause()));
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new DriverFailure("driver '" + name + "' did not answer " + method + "() within " + callLimit.toSeconds()
                    + " s");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new DriverFailure("interrupted while asking driver '" + name + "' for " + method + "()");
        }
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    /** A driver call that threw or did not answer; the message names the driver and what happened. */
    static final class DriverFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DriverFailure(String message) {
            super(message);
        }
    }
}
