package org.modelgate.remote.mqtt.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The first answer to each request id, kept on disk so that a replayed request gets that answer again and never runs
 * twice, across restarts too. Bounded: the newest {@code capacity} ids of the last {@code retention}; an id older
 * than that is treated as new (its request has long expired: mutating requests must carry an expiry).
 *
 * <p>File {@code answers.log}: one line per answer, {@code id TAB epoch-millis TAB base64(answer)}, appended and
 * synced; rewritten without the forgotten ids when it has grown to twice the capacity. A torn last line (power cut)
 * is skipped.
 */
final class AnswerLog {
    static final String FILE = "answers.log";
    private final Path file;
    private final int capacity;
    private final Duration retention;
    private final Clock clock;
    private final LinkedHashMap<String, Stored> answers = new LinkedHashMap<>();
    private final Map<String, CompletableFuture<byte[]>> running = new HashMap<>();
    private int linesInFile;

    private record Stored(long millis, byte[] answer) {
    }

    AnswerLog(Path folder, int capacity, Duration retention, Clock clock) {
        this.file = folder.resolve(FILE);
        this.capacity = capacity;
        this.retention = retention;
        this.clock = clock;
        try {
            Files.createDirectories(folder);
            if (Files.exists(file)) {
                load();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the answer log " + file + ": " + e.getMessage(), e);
        }
    }

    private void load() throws IOException {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            linesInFile++;
            String[] parts = line.split("\t");
            if (parts.length != 3) {
                continue;
            }
            try {
                answers.remove(parts[0]);
                answers.put(parts[0], new Stored(Long.parseLong(parts[1]), Base64.getDecoder().decode(parts[2])));
            } catch (IllegalArgumentException e) {
                // a torn line: the answer it held was never confirmed as stored
            }
        }
        forgetOld();
    }

    /**
     * Claims an id for running, or hands out its answer.
     *
     * @param id the request id
     * @return null when the caller is to run the request (and then {@link #complete}); else the first answer,
     *     completed now or when the run in progress ends
     */
    synchronized CompletableFuture<byte[]> claim(String id) {
        forgetOld();
        Stored stored = answers.get(id);
        if (stored != null) {
            return CompletableFuture.completedFuture(stored.answer());
        }
        CompletableFuture<byte[]> pending = running.get(id);
        if (pending != null) {
            return pending;
        }
        running.put(id, new CompletableFuture<>());
        return null;
    }

    /**
     * Stores the answer of a claimed id (durably), and hands it to requests that waited for it.
     *
     * @param id the id
     * @param answer the answer
     */
    synchronized void complete(String id, byte[] answer) {
        long now = clock.millis();
        answers.put(id, new Stored(now, answer));
        try {
            append(id + "\t" + now + "\t" + Base64.getEncoder().encodeToString(answer) + "\n");
        } finally {
            CompletableFuture<byte[]> pending = running.remove(id);
            if (pending != null) {
                pending.complete(answer);
            }
        }
        forgetOld();
        if (linesInFile > 2 * capacity) {
            rewrite();
        }
    }

    /** @return how many answers are kept */
    synchronized int size() {
        return answers.size();
    }

    private void forgetOld() {
        long oldest = clock.millis() - retention.toMillis();
        Iterator<Stored> it = answers.values().iterator();
        while (it.hasNext()) {
            Stored s = it.next();
            if (answers.size() > capacity || s.millis() < oldest) {
                it.remove();
            } else {
                break;
            }
        }
    }

    private void append(String line) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            channel.write(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
            linesInFile++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the answer log " + file + ": " + e.getMessage(), e);
        }
    }

    private void rewrite() {
        List<String> lines = new ArrayList<>();
        answers.forEach((id, s) -> lines.add(id + "\t" + s.millis() + "\t" + Base64.getEncoder().encodeToString(s.answer())));
        Path temp = file.resolveSibling("." + FILE + ".tmp");
        try {
            Files.write(temp, lines, StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            linesInFile = lines.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite the answer log " + file + ": " + e.getMessage(), e);
        }
    }
}
