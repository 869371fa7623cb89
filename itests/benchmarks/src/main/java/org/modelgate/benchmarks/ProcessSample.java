package org.modelgate.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * This process as Linux sees it (/proc/self): resident memory, native threads (ONNX Runtime's included,
 * which the JVM does not list), and threads carrying one name. A thread starts with its creator's name
 * and ONNX Runtime does not rename its workers, so the workers of sessions created on a thread named
 * {@code x} are counted by {@code named("x")}.
 *
 * @param rssKiB VmRSS
 * @param threads every thread of the process
 * @param heapUsedKiB Java heap in use (after a GC when sampled with {@link #afterGc})
 */
record ProcessSample(long rssKiB, int threads, long heapUsedKiB) {

    static ProcessSample now() throws IOException {
        long rss = -1;
        int threads = -1;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
            }
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
        return new ProcessSample(rss, threads, heap);
    }

    /** Samples after a full GC and a pause, so that Cleaner-freed native buffers and ended threads are gone. */
    static ProcessSample afterGc() throws Exception {
        System.gc();
        Thread.sleep(500);
        System.gc();
        Thread.sleep(500);
        return now();
    }

    /** Threads named {@code name} (Linux keeps 15 characters). */
    static int named(String name) throws IOException {
        String kept = name.length() > 15 ? name.substring(0, 15) : name;
        int count = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (kept.equals(Files.readString(task.resolve("comm")).trim())) {
                        count++;
                    }
                } catch (NoSuchFileException e) {
                    // the thread ended while listing
                }
            }
        }
        return count;
    }

    double rssMiB() {
        return rssKiB / 1024.0;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.1f MiB RSS, %d threads, heap %.1f MiB", rssMiB(), threads, heapUsedKiB / 1024.0);
    }
}
