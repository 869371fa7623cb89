package org.modelgate.energy.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sysfs tree the meters read, under a configurable root ({@code /sys} on a device, a folder in tests).
 *
 * <p>Reads turn the kernel's refusals into reasons a user can act on rather than numbers: a file that is not
 * there, one only root may read, one whose driver answers with an error (hwmon's {@code -ENODATA} for a disabled
 * channel).
 */
class SysfsTree {
    private final Path root;

    SysfsTree(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** Resolves a path below the root, e.g. {@code class/powercap}. */
    Path resolve(String relative) {
        return root.resolve(relative);
    }

    /** The entries of a folder whose names start with a prefix, sorted by name; none when it does not exist. */
    List<Path> children(Path folder, String prefix) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, prefix + "*")) {
            entries.forEach(found::add);
        } catch (IOException e) {
            return found; // a folder we cannot list offers no meters; the reason for "none" names the folder
        }
        found.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return found;
    }

    /** The first line of a file, trimmed; null when it does not exist or cannot be read (for names and labels). */
    String textOrNull(Path file) {
        try {
            return read(file).trim();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * A file holding one integer, as sysfs attributes do.
     *
     * @param rootOnlyHint what to say when the file is readable by root only, or null for the generic advice
     * @throws UnreadableException naming the file and why
     */
    long number(Path file, String rootOnlyHint) {
        String text;
        try {
            text = read(file).trim();
        } catch (AccessDeniedException e) {
            throw new UnreadableException(file + " is not readable" + (rootOnlyHint == null
                    ? " by the gateway's user (" + System.getProperty("user.name") + "): grant it read access"
                    : " (" + rootOnlyHint + ")"));
        } catch (NoSuchFileException e) {
            throw new UnreadableException(file + " does not exist (was the sensor's driver unloaded?)");
        } catch (IOException e) {
            throw new UnreadableException("reading " + file + " failed: " + e.getMessage()
                    + " (the driver reports no data: is the channel enabled?)");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new UnreadableException(file + " holds '" + text + "', not a number");
        }
    }

    /** Reads a whole (small) file; the one place that touches the file system, so tests can refuse like the kernel. */
    String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
    }

    /** A sysfs attribute that gave no number, with the reason. */
    static final class UnreadableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnreadableException(String reason) {
            super(reason);
        }
    }
}
