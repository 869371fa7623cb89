package org.modelgate.audit.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the log file line by line, up to a limit (the size known to be synced: a line being written
 * right now is not read half way).
 */
final class LogLines {
    private static final int FIRST_WINDOW = 64 * 1024;

    private LogLines() {
    }

    /** Every line from the start, in order; a missing file has none. */
    static void forEach(Path file, long limit, Consumer<LogLine> visitor) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(512);
            long number = 1;
            long lineStart = 0;
            long position = 0;
            int b;
            while (position < limit && (b = in.read()) >= 0) {
                position++;
                if (b == '\n') {
                    visitor.accept(new LogLine(number++, lineStart, line.toByteArray(), true));
                    line.reset();
                    lineStart = position;
                } else {
                    line.write(b);
                }
            }
            if (line.size() > 0) {
                visitor.accept(new LogLine(number, lineStart, line.toByteArray(), false));
            }
        } catch (NoSuchFileException e) {
            // nothing recorded yet
        }
    }

    /**
     * The last complete-or-torn lines before {@code limit}, oldest first, reading backwards in growing
     * windows until {@code n} lines are whole or the start of the file is reached.
     */
    static List<LogLine> last(FileChannel channel, long limit, int n) throws IOException {
        return last(channel, limit, n, Integer.MAX_VALUE / 2);
    }

    /** As {@link #last(FileChannel, long, int)}, reading no more than {@code maxWindow} bytes. */
    static List<LogLine> last(FileChannel channel, long limit, int n, long maxWindow) throws IOException {
        long window = Math.min(Math.min(limit, FIRST_WINDOW), maxWindow);
        while (true) {
            long start = limit - window;
            ByteBuffer buffer = ByteBuffer.allocate((int) window);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, start + buffer.position()) < 0) {
                    throw new IOException("the file shrank while being read");
                }
            }
            List<LogLine> lines = split(buffer.array(), start);
            if (start > 0) {
                lines.remove(0); // may begin part way through a line
            }
            if (lines.size() >= n || start == 0 || window >= maxWindow) {
                return new ArrayList<>(lines.subList(Math.max(0, lines.size() - n), lines.size()));
            }
            window = Math.min(Math.min(limit, window * 2), maxWindow);
        }
    }

    private static List<LogLine> split(byte[] bytes, long base) {
        Deque<LogLine> lines = new ArrayDeque<>();
        int lineStart = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                lines.add(new LogLine(0, base + lineStart, java.util.Arrays.copyOfRange(bytes, lineStart, i), true));
                lineStart = i + 1;
            }
        }
        if (lineStart < bytes.length) {
            lines.add(new LogLine(0, base + lineStart, java.util.Arrays.copyOfRange(bytes, lineStart, bytes.length), false));
        }
        return new ArrayList<>(lines);
    }
}
