package org.modelgate.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every write the registry makes to the repository goes through here, as a few primitives (write, force,
 * create, copy, move, delete, force a folder) and the crash-safe recipes built from them. Tests replace the
 * primitives with ones that cut the power at a chosen point and drop what was not yet forced to disk.
 */
class DurableFiles {
    static final DurableFiles SYSTEM = new DurableFiles();

    /** Writes one file of a tree copy its own way (e.g. encrypted), through the primitives of {@code files}. */
    @FunctionalInterface
    interface ContentWriter {
        void write(Path source, Path target, DurableFiles files) throws IOException;
    }

    // ---- recipes ----

    /** Replaces a small file so a crash leaves the old or the new content: temp file, force, rename, force folder. */
    final void writeAtomically(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        write(tmp, content, false);
        force(tmp);
        move(tmp, target);
        forceFolder(target.toAbsolutePath().getParent());
    }

    /** Appends a line and forces it; a new file's folder entry is forced too. */
    final void appendDurably(Path file, byte[] line) throws IOException {
        boolean created = !Files.exists(file);
        write(file, line, true);
        force(file);
        if (created) {
            forceFolder(file.toAbsolutePath().getParent());
        }
    }

    /** Creates a folder (and missing parents), each forced into its parent. */
    final void createFolders(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        createFolders(absolute.getParent());
        createDirectory(absolute);
        forceFolder(absolute.getParent());
    }

    /** Copies a tree of plain files (no links), every file and folder forced. */
    final void copyTree(Path from, Path to) throws IOException {
        copyTree(from, to, Map.of());
    }

    /**
     * Copies a tree of plain files (no links), every file and folder forced; the files named in {@code writers}
     * (by path relative to {@code from}) are written by their writer instead of copied.
     */
    final void copyTree(Path from, Path to, Map<Path, ContentWriter> writers) throws IOException {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(from)) {
            entries = walk.toList();
        }
        List<Path> folders = new ArrayList<>();
        for (Path source : entries) {
            if (Files.isSymbolicLink(source)) {
                throw new IOException(source + " is a symbolic link; a model version holds plain files only");
            }
            Path target = to.resolve(from.relativize(source).toString());
            if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                createDirectory(target);
                folders.add(target);
            } else {
                ContentWriter writer = writers.get(from.relativize(source));
                if (writer == null) {
                    copy(source, target);
                } else {
                    writer.write(source, target, this);
                }
                force(target);
            }
        }
        for (Path folder : folders) {
            forceFolder(folder);
        }
        forceFolder(to.toAbsolutePath().getParent());
    }

    /** Deletes a tree, deepest first, then forces the folder that held it. */
    final void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(root)) {
            entries = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : entries) {
            delete(path);
        }
        forceFolder(root.toAbsolutePath().getParent());
    }

    // ---- primitives ----

    void write(Path file, byte[] content, boolean append) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        }
    }

    void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    void createDirectory(Path dir) throws IOException {
        Files.createDirectory(dir);
    }

    void copy(Path source, Path target) throws IOException {
        Files.copy(source, target);
    }

    void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    void delete(Path path) throws IOException {
        Files.delete(path);
    }

    void forceFolder(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
