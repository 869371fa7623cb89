package org.modelgate.security.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.SortedMap;
import org.modelgate.security.ModelSignatureException;
import org.modelgate.security.ModelSignatures;
import org.modelgate.security.SignatureProblem;

/**
 * The regular files of a model folder, by {@code /}-separated relative path, sorted as model_signing
 * sorts them; {@code model.sig} at the top is left out, links and special files are refused.
 */
final class ModelFolder {
    private final Path root;
    private final SortedMap<String, Path> files;

    private ModelFolder(Path root, SortedMap<String, Path> files) {
        this.root = root;
        this.files = files;
    }

    Path root() {
        return root;
    }

    /** The files, keyed and sorted by relative path. */
    SortedMap<String, Path> files() {
        return files;
    }

    /** Lists a folder's files; the folder itself may be reached through a link, nothing inside it may. */
    static ModelFolder scan(Path folder) throws ModelSignatureException {
        Path root;
        try {
            root = folder.toRealPath();
        } catch (IOException e) {
            throw new ModelSignatureException(SignatureProblem.IO_ERROR, "model folder " + folder + " cannot be read: " + e,
                    List.of(), e);
        }
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new ModelSignatureException(SignatureProblem.IO_ERROR, folder + " is not a folder", List.of());
        }
        SortedMap<String, Path> found = new TreeMap<>();
        List<String> links = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = relative(root, file);
                    if (attrs.isRegularFile()) {
                        if (!name.equals(ModelSignatures.SIGNATURE_FILE)) {
                            found.put(name, file);
                        }
                    } else {
                        links.add(name);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new ModelSignatureException(SignatureProblem.IO_ERROR, "model folder " + folder + " cannot be listed: " + e,
                    List.of(), e);
        }
        if (!links.isEmpty()) {
            links.sort(null);
            throw new ModelSignatureException(SignatureProblem.SYMLINK, "model folder " + folder
                    + " holds a symbolic link or special file: " + String.join(", ", links)
                    + "; a signed model holds regular files only", links);
        }
        return new ModelFolder(root, found);
    }

    private static String relative(Path root, Path file) {
        Path rel = root.relativize(file);
        List<String> parts = new ArrayList<>();
        rel.forEach(p -> parts.add(p.toString()));
        return String.join("/", parts);
    }
}
