package org.modelgate.packaging.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

import org.modelgate.packaging.ModelPackageException;
import org.modelgate.packaging.PackageProblem;

/**
 * The folder a package is extracted into: created fresh, flushed to disk, removed whole on refusal.
 */
final class StagingFolder {
    private StagingFolder() {
    }

    /** Creates the folder; it must not exist, its parent must. */
    static void create(Path folder) throws ModelPackageException {
        try {
            Files.createDirectory(folder);
        } catch (FileAlreadyExistsException e) {
            throw new ModelPackageException(PackageProblem.STAGING_EXISTS, null,
                    "staging folder " + folder + " exists already; unpack into a new folder (nothing was changed)", e);
        } catch (NoSuchFileException e) {
            throw new ModelPackageException(PackageProblem.IO_ERROR, null,
                    "cannot create staging folder " + folder + ": its parent folder does not exist", e);
        } catch (IOException e) {
            throw new ModelPackageException(PackageProblem.IO_ERROR, null, "cannot create staging folder " + folder + ": " + e, e);
        }
    }

    /**
     * Removes the folder and everything in it, never following links; failures are added to
     * {@code refusal} as suppressed exceptions, so they are reported with it.
     */
    static void delete(Path folder, Throwable refusal) {
        if (!Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            refusal.addSuppressed(new IOException("could not remove staging folder " + folder + "; remove it by hand", e));
        }
    }

    /** Flushes every directory under and including {@code folder}, so renaming it later is durable. */
    static void syncDirectories(Path folder) throws IOException {
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                sync(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void sync(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory as a channel; its rename is durable without this.
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }
}
