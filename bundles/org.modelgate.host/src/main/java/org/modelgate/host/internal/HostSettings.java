package org.modelgate.host.internal;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Settings every host process of the gateway shares (from the configuration {@code org.modelgate.host}).
 *
 * @param runtimeFolder where the sockets are bound (briefly, while a host connects)
 * @param sharedMemoryFolder where the lanes' shared memory files are created (and unlinked once mapped)
 * @param lanes connections per host: requests that may run at once
 * @param sharedMemoryInitial bytes of shared memory per lane at start
 * @param sharedMemoryLimit bytes a lane's shared memory may grow to
 * @param startTimeoutMillis how long a host may take to connect
 * @param spinNanos how long a reader spins for a reply (or the host for the next request) before it waits
 * @param numbers numbers the hosts' sockets and files: h1.sock, h2.sock, ... (after a crash of the gateway, a
 *        configured runtime folder may still hold them)
 * @param cpuAffinity the CPUs a host may run on, as {@code taskset -c} takes them ("1", "0,2-3"); empty: those of the
 *        gateway (inherited)
 */
record HostSettings(Path runtimeFolder, Path sharedMemoryFolder, int lanes, long sharedMemoryInitial, long sharedMemoryLimit,
        long startTimeoutMillis, long spinNanos, AtomicLong numbers, String cpuAffinity) {
    /** The default spin: {@value} microseconds. */
    static final long DEFAULT_SPIN_MICROS = 0;

    HostSettings(Path runtimeFolder, Path sharedMemoryFolder, int lanes, long sharedMemoryInitial, long sharedMemoryLimit,
            long startTimeoutMillis, long spinNanos, AtomicLong numbers) {
        this(runtimeFolder, sharedMemoryFolder, lanes, sharedMemoryInitial, sharedMemoryLimit, startTimeoutMillis, spinNanos,
                numbers, "");
    }

    HostSettings(Path runtimeFolder, Path sharedMemoryFolder, int lanes, long sharedMemoryInitial, long sharedMemoryLimit,
            long startTimeoutMillis) {
        this(runtimeFolder, sharedMemoryFolder, lanes, sharedMemoryInitial, sharedMemoryLimit, startTimeoutMillis,
                DEFAULT_SPIN_MICROS * 1000, new AtomicLong());
    }
}
