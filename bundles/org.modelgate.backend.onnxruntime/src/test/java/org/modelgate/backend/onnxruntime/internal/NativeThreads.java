package org.modelgate.backend.onnxruntime.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Counts the process's native threads (Linux {@code /proc/self/task}), ONNX Runtime's among them.
 *
 * <p>On Linux a new thread starts with its creator's name, and ONNX Runtime does not rename its workers:
 * so the workers of a session created on a thread named {@code x} are named {@code x} too. Work done on
 * a thread with a name of its own therefore shows exactly which threads that work left behind.
 */
final class NativeThreads {
    private NativeThreads() {
    }

    static boolean visible() {
        return Files.isDirectory(Path.of("/proc/self/task"));
    }

    /** Threads named {@code name} (at most 15 characters, as Linux keeps them). */
    static int named(String name) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            int count = 0;
            for (Path task : tasks.toList()) {
                if (name.equals(comm(task))) {
                    count++;
                }
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every thread of the process. */
    static int all() {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.toList().size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String comm(Path task) throws IOException {
        try {
            return Files.readString(task.resolve("comm")).trim();
        } catch (NoSuchFileException e) {
            return ""; // the thread ended while listing
        }
    }

    /** Runs work on a new thread named {@code name} and returns its result. */
    static <T> T runOnThread(String name, Callable<T> work) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                result.set(work.call());
            } catch (Exception e) {
                failure.set(e);
            }
        }, name);
        thread.start();
        thread.join();
        if (failure.get() != null) {
            throw new ExecutionException(failure.get());
        }
        return result.get();
    }

}
