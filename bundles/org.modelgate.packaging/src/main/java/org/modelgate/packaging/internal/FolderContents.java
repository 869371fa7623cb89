package org.modelgate.packaging.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.modelgate.packaging.ModelPackageException;
import org.modelgate.packaging.PackageProblem;
import org.modelgate.packaging.UnpackLimits;

/**
 * The regular files of a model folder, sorted by their {@code /}-separated relative path: what a
 * package holds, in the order it holds them. Refuses what the reader would refuse.
 *
 * @param files the files, sorted
 * @param totalBytes their sizes added up
 */
record FolderContents(List<File> files, long totalBytes) {

    /** One file: its entry name and its path on disk. */
    record File(String entryName, Path path, long size) {
    }

    static FolderContents of(Path folder) throws ModelPackageException {
        List<File> files = new ArrayList<>();
        long total = 0;
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String name = entryName(folder, path);
                if (attributes.isSymbolicLink() || attributes.isOther()) {
                    throw new ModelPackageException(attributes.isSymbolicLink() ? PackageProblem.SYMLINK : PackageProblem.SPECIAL_FILE,
                            name, path + " is not a regular file; a package holds regular files only (copy the target in)");
                }
                if (attributes.isRegularFile()) {
                    EntryName.check(name);
                    files.add(new File(name, path, attributes.size()));
                    total += attributes.size();
                }
            }
        } catch (IOException e) {
            throw new ModelPackageException(PackageProblem.IO_ERROR, null, "cannot list " + folder + ": " + e, e);
        }
        files.sort(Comparator.comparing(File::entryName));
        UnpackLimits limits = UnpackLimits.DEFAULTS;
        if (files.size() > limits.maxEntries()) {
            throw new ModelPackageException(PackageProblem.TOO_MANY_ENTRIES, null, folder + " holds " + files.size()
                    + " files; a package may hold " + limits.maxEntries());
        }
        if (total > limits.maxTotalBytes()) {
            throw new ModelPackageException(PackageProblem.TOTAL_TOO_LARGE, null, folder + " holds " + total
                    + " bytes; a package may hold " + limits.maxTotalBytes());
        }
        return new FolderContents(List.copyOf(files), total);
    }

    private static String entryName(Path folder, Path path) {
        List<String> segments = new ArrayList<>();
        for (Path segment : folder.relativize(path)) {
            segments.add(segment.toString());
        }
        return String.join("/", segments);
    }
}
