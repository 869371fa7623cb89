package org.modelgate.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The test JVM (Felix runs inside it) as Linux sees it: resident memory and native threads, ONNX Runtime's
 * included, which the JVM does not list. A thread starts with its creator's name and ONNX Runtime does not
 * rename its workers, so a session's workers carry the name of the thread that created the session.
 *
 * @param rssKiB VmRSS
 * @param threads every thread of the process
 * @param heapCommittedKiB the Java heap's committed size (part of the RSS that is not native memory)
 */
public record ProcessStatus(long rssKiB, int threads, long heapCommittedKiB) {

    /**
     * Whether /proc is there to read (Linux).
     *
     * @return true on Linux
     */
    public static boolean visible() {
        return Files.isReadable(Path.of("/proc/self/status"));
    }

    /**
     * Reads the process's status now.
     *
     * @return RSS and thread count
     */
    public static ProcessStatus now() {
        long rss = -1;
        int threads = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1024;
        return new ProcessStatus(rss, threads, heap);
    }

    /**
     * Counts the threads carrying a name.
     *
     * @param name the name (Linux keeps 15 characters of it)
     * @return how many threads have it
     */
    public static int threadsNamed(String name) {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.1f MiB RSS (Java heap committed %.1f MiB), %d threads", rssKiB / 1024.0,
                heapCommittedKiB / 1024.0, threads);
    }
}
