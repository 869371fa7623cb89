package org.modelgate.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The most bytes the model repository may hold ({@code diskQuotaMB}), counted over the files of
 * installed versions and their history; hidden work folders (a package being unpacked, a version
 * being copied or removed) do not count, they are the incoming copy or already going.
 */
final class DiskQuota {
    static final DiskQuota NONE = new DiskQuota(0);
    private static final long MIB = 1024L * 1024L;

    private final long limitBytes;

    private DiskQuota(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    /** A quota of so many MiB; 0 or less: none. */
    static DiskQuota ofMegabytes(long megabytes) {
        return megabytes <= 0 ? NONE : new DiskQuota(megabytes * MIB);
    }

    boolean limited() {
        return limitBytes > 0;
    }

    long limitBytes() {
        return limitBytes;
    }

    /** Bytes of the repository's models, without hidden entries ({@code .staging-*}, {@code .1.0.0.installing}, ...). */
    long used(Path repositoryRoot) {
        return sizeOf(repositoryRoot, true);
    }

    /** Bytes of the regular files under a folder; links are not followed. */
    static long sizeOf(Path folder) {
        return sizeOf(folder, false);
    }

    private static long sizeOf(Path folder, boolean skipHidden) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        long[] total = {0};
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    boolean hidden = !dir.equals(folder) && dir.getFileName().toString().startsWith(".");
                    return skipHidden && hidden ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        total[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // a file removed while counting
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + folder + ": " + e.getMessage(), e);
        }
        return total[0];
    }

    static String mebibytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
    }
}
