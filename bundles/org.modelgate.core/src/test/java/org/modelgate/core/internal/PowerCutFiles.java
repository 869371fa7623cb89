package org.modelgate.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * The registry's file layer with a power cut at primitive number {@code cutAt}: that primitive and all after
 * it never happen, and {@link #rewind()} then drops from the disk whatever was not yet durable, as a power cut
 * would: file contents not forced since they were written, and folder entries (created, renamed or deleted
 * files and folders) whose folder was not forced since.
 */
final class PowerCutFiles extends DurableFiles {
    /** Thrown at the cut: the process is gone. */
    static final class PowerCut extends Error {
        private static final long serialVersionUID = 1L;

        PowerCut(int at) {
            super("power cut at file operation " + at);
        }
    }

    /**
     * One change not yet durable, and how to take it back. Lost content ({@link Kind#CONTENT}) is taken
     * back wherever the file is by then: a rename moves the name, not the unforced bytes onto the disk.
     */
    private record Pending(Kind kind, Path path, Path folder, byte[] before, Undo undo) {
        Pending {
            path = path.toAbsolutePath().normalize();
        }

        static Pending content(Path file, byte[] before) {
            return new Pending(Kind.CONTENT, file, null, before, null);
        }

        static Pending entry(Path path, Path folder, Undo undo) {
            return new Pending(Kind.ENTRY, path, folder, null, undo);
        }

        void takeBack() throws IOException {
            if (kind == Kind.ENTRY) {
                undo.run();
            } else if (Files.exists(path)) {
                Files.write(path, before == null ? new byte[0] : before);
            }
        }
    }

    private enum Kind {
        CONTENT, ENTRY
    }

    @FunctionalInterface
    private interface Undo {
        void run() throws IOException;
    }

    private final int cutAt;
    private int count;
    private final Deque<Pending> pending = new ArrayDeque<>();

    PowerCutFiles(int cutAt) {
        this.cutAt = cutAt;
    }

    int operations() {
        return count;
    }

    private void step() {
        if (++count == cutAt) {
            throw new PowerCut(count);
        }
    }

    @Override
    void write(Path file, byte[] content, boolean append) throws IOException {
        step();
        boolean existed = Files.exists(file);
        byte[] before = existed ? Files.readAllBytes(file) : null;
        super.write(file, content, append);
        if (!existed) {
            pending.push(Pending.entry(file, parent(file), () -> Files.deleteIfExists(file)));
        }
        // Unforced content is lost: the file keeps its old bytes (a new file is left empty).
        pending.push(Pending.content(file, before));
    }

    @Override
    void force(Path file) throws IOException {
        step();
        super.force(file);
        Path forced = file.toAbsolutePath().normalize();
        pending.removeIf(p -> p.kind() == Kind.CONTENT && p.path().equals(forced));
    }

    @Override
    void createDirectory(Path dir) throws IOException {
        step();
        super.createDirectory(dir);
        pending.push(Pending.entry(dir, parent(dir), () -> deleteQuietly(dir)));
    }

    @Override
    void copy(Path source, Path target) throws IOException {
        step();
        super.copy(source, target);
        pending.push(Pending.entry(target, parent(target), () -> Files.deleteIfExists(target)));
        pending.push(Pending.content(target, null));
    }

    @Override
    void move(Path from, Path to) throws IOException {
        step();
        byte[] replaced = Files.isRegularFile(to) ? Files.readAllBytes(to) : null;
        super.move(from, to);
        // unforced content moves with its file (or with the folder holding it)
        Path source = from.toAbsolutePath().normalize();
        Path destination = to.toAbsolutePath().normalize();
        List<Pending> moved = new ArrayList<>();
        for (Iterator<Pending> it = pending.iterator(); it.hasNext();) {
            Pending p = it.next();
            if (p.kind() == Kind.CONTENT && p.path().startsWith(source)) {
                it.remove();
                moved.add(Pending.content(destination.resolve(source.relativize(p.path())), p.before()));
            }
        }
        moved.forEach(pending::push);
        // a rename is durable once the folder that now holds the name is forced
        pending.push(Pending.entry(to, parent(to), () -> {
            Files.move(to, from);
            if (replaced != null) {
                Files.write(to, replaced);
            }
        }));
    }

    @Override
    void delete(Path path) throws IOException {
        step();
        boolean folder = Files.isDirectory(path);
        byte[] content = folder ? null : Files.readAllBytes(path);
        super.delete(path);
        pending.push(Pending.entry(path, parent(path), () -> {
            if (folder) {
                Files.createDirectories(path);
            } else {
                Files.write(path, content);
            }
        }));
    }

    @Override
    void forceFolder(Path dir) throws IOException {
        step();
        super.forceFolder(dir);
        Path forced = dir.toAbsolutePath().normalize();
        pending.removeIf(p -> p.kind() == Kind.ENTRY && forced.equals(p.folder()));
    }

    /** After the cut: takes back every change that was not durable, newest first. */
    void rewind() {
        List<Pending> undo = new ArrayList<>(pending);
        for (Iterator<Pending> it = undo.iterator(); it.hasNext();) {
            Pending p = it.next();
            try {
                p.takeBack();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot rewind " + p, e);
            }
        }
        pending.clear();
    }

    private static Path parent(Path path) {
        return path.toAbsolutePath().normalize().getParent();
    }

    private static void deleteQuietly(Path dir) throws IOException {
        DurableFiles.SYSTEM.deleteTree(dir);
    }
}
