package org.modelgate.accel.onnxruntime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where the dynamic linker looks for shared libraries, to tell an operator which library is missing before a
 * runtime fails to load it: {@code LD_LIBRARY_PATH}, the folders of {@code /etc/ld.so.conf} (and the files it
 * includes), then the usual system and CUDA folders. Paths are read under a root folder, so tests can use a fake
 * file system.
 *
 * <pre>{@code
 * LibraryPath.system().missing(List.of("libcudart.so.12", "libcudnn.so.9"))   // e.g. [libcudnn.so.9]
 * }</pre>
 *
 * @param root the file system root, {@code /} on a device
 * @param folders the folders searched, in order, as absolute paths below the root
 */
public record LibraryPath(Path root, List<String> folders) {
    /** Folders searched after LD_LIBRARY_PATH and ld.so.conf. */
    public static final List<String> DEFAULT_FOLDERS = List.of("/lib", "/usr/lib", "/lib64", "/usr/lib64",
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib", "/usr/local/cuda/targets/sbsa-linux/lib",
            "/usr/lib/wsl/lib");

    /**
     * Creates a search path, copying the folders.
     *
     * @param root the root
     * @param folders the folders
     */
    public LibraryPath {
        folders = List.copyOf(folders);
    }

    /**
     * This process's search path: {@code LD_LIBRARY_PATH}, ld.so.conf, the default folders, under {@code /}.
     *
     * @return the path
     */
    public static LibraryPath system() {
        return of(Path.of("/"), System.getenv("LD_LIBRARY_PATH"));
    }

    /**
     * The search path under a root.
     *
     * @param root the file system root
     * @param ldLibraryPath the value of {@code LD_LIBRARY_PATH}, or null
     * @return the path
     */
    public static LibraryPath of(Path root, String ldLibraryPath) {
        Set<String> folders = new LinkedHashSet<>();
        if (ldLibraryPath != null) {
            for (String folder : ldLibraryPath.split(":")) {
                if (!folder.isBlank()) {
                    folders.add(folder);
                }
            }
        }
        readConf(root, "/etc/ld.so.conf", folders, 0);
        folders.addAll(DEFAULT_FOLDERS);
        return new LibraryPath(root, new ArrayList<>(folders));
    }

    private static void readConf(Path root, String file, Set<String> folders, int depth) {
        Path conf = under(root, file);
        if (depth > 4 || !Files.isRegularFile(conf)) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(conf);
        } catch (IOException e) {
            return; // an unreadable ld.so.conf hides nothing that the default folders would not show
        }
        for (String raw : lines) {
            String line = raw.replaceFirst("#.*", "").trim();
            if (line.startsWith("include ")) {
                includes(root, line.substring("include ".length()).trim(), folders, depth);
            } else if (line.startsWith("/")) {
                folders.add(line);
            }
        }
    }

    /** An include pattern such as {@code /etc/ld.so.conf.d/*.conf}: a folder and a file name glob. */
    private static void includes(Path root, String pattern, Set<String> folders, int depth) {
        int slash = pattern.lastIndexOf('/');
        String folder = slash <= 0 ? "/" : pattern.substring(0, slash);
        String glob = pattern.substring(slash + 1);
        Path dir = under(root, folder);
        if (!Files.isDirectory(dir)) {
            return;
        }
        java.nio.file.PathMatcher matcher = dir.getFileSystem().getPathMatcher("glob:" + glob);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> matcher.matches(f.getFileName())).sorted().toList()) {
                readConf(root, folder + "/" + file.getFileName(), folders, depth + 1);
            }
        } catch (IOException e) {
            // as above
        }
    }

    private static Path under(Path root, String absolute) {
        return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
    }

    /**
     * Finds a library by its file name (soname), such as {@code libcudnn.so.9}.
     *
     * @param soname the file name
     * @return the first match, as an absolute path below the root
     */
    public Optional<Path> find(String soname) {
        for (String folder : folders) {
            Path file = under(root, folder).resolve(soname);
            if (Files.exists(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /**
     * The libraries of a list that are found nowhere.
     *
     * @param sonames file names
     * @return those missing, in the list's order
     */
    public List<String> missing(List<String> sonames) {
        return sonames.stream().filter(name -> find(name).isEmpty()).toList();
    }
}
