package org.modelgate.benchmarks;

import java.lang.management.ManagementFactory;

/**
 * Heap bytes (and CPU time) per call, over every thread of this JVM (the caller's and the server's, e.g. Jetty's pool), as
 * HotSpot's per-thread allocation counters see them: where the memory of a request goes.
 */
final class Allocations {
    private Allocations() {
    }

    static long perCall(int calls, Interleaved.Side side) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = total(threads);
        for (int i = 0; i < calls; i++) {
            side.call();
        }
        return (total(threads) - before) / calls;
    }

    /**
     * CPU nanoseconds per call over every JVM thread (caller, server pool, and ONNX Runtime's work where it runs on the
     * calling thread, as at one intra-op thread): what a request costs, which a loaded machine does not inflate the way
     * it inflates wall-clock latency.
     */
    static long cpuNanosPerCall(int calls, Interleaved.Side side) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = cpu(threads);
        for (int i = 0; i < calls; i++) {
            side.call();
        }
        return (cpu(threads) - before) / calls;
    }

    private static long cpu(com.sun.management.ThreadMXBean threads) {
        long sum = 0;
        for (long nanos : threads.getThreadCpuTime(threads.getAllThreadIds())) {
            sum += Math.max(0, nanos);
        }
        return sum;
    }

    private static long total(com.sun.management.ThreadMXBean threads) {
        long sum = 0;
        for (long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, allocated);
        }
        return sum;
    }
}
