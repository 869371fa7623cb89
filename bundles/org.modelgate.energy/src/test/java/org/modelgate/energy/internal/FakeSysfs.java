package org.modelgate.energy.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * A fake sysfs tree in a folder, laid out as the kernel does, and a {@link SysfsTree} over it that refuses the files
 * a test marks root-only the way the kernel refuses a non-root user (the tests may run as root, which no file mode
 * stops).
 */
final class FakeSysfs {
    final Path root;
    private final Set<Path> rootOnly = new HashSet<>();

    FakeSysfs(Path root) {
        this.root = root;
    }

    /** Writes an attribute, e.g. {@code write("class/powercap/intel-rapl:0/name", "package-0")}. */
    FakeSysfs write(String relative, Object value) {
        Path file = root.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, value + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    FakeSysfs raplZone(String zone, String name, long energyMicrojoules, long rangeMicrojoules) {
        return write("class/powercap/" + zone + "/name", name)
                .write("class/powercap/" + zone + "/energy_uj", energyMicrojoules)
                .write("class/powercap/" + zone + "/max_energy_range_uj", rangeMicrojoules);
    }

    /** The file is root-only, as energy_uj has been since Linux 5.10. */
    FakeSysfs rootOnly(String relative) {
        rootOnly.add(root.resolve(relative));
        return this;
    }

    SysfsTree tree() {
        return new SysfsTree(root) {
            @Override
            String read(Path file) throws IOException {
                if (rootOnly.contains(file)) {
                    throw new AccessDeniedException(file.toString());
                }
                return super.read(file);
            }
        };
    }
}
