package org.modelgate.packaging.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.modelgate.packaging.ModelPackageException;
import org.modelgate.packaging.ModelPackages;
import org.modelgate.packaging.PackageProblem;

/**
 * What a package's central directory may hold, checked before a byte is extracted: plain relative
 * names, each once (ignoring case), regular files and empty directories only, no encryption, stored
 * or deflated data, and {@code model.json} at the top.
 */
final class PackageLayout {
    private static final int STORED = 0;
    private static final int DEFLATED = 8;
    private static final int S_IFLNK = 0xA000;
    private static final int S_IFREG = 0x8000;
    private static final int S_IFDIR = 0x4000;

    private PackageLayout() {
    }

    /**
     * Checks the entries.
     *
     * @param entries the central directory, in order
     * @param fileName the package's name, for messages
     * @throws ModelPackageException naming the first offending entry
     */
    static void check(List<CentralDirectory.Entry> entries, String fileName) throws ModelPackageException {
        Map<String, String> seen = new HashMap<>();
        List<String> files = new ArrayList<>();
        Set<String> directories = new HashSet<>();
        for (CentralDirectory.Entry entry : entries) {
            String name = entry.name();
            EntryName.check(name);
            checkType(entry, fileName);
            boolean directory = name.endsWith("/");
            String path = directory ? name.substring(0, name.length() - 1) : name;
            String key = path.toLowerCase(Locale.ROOT);
            String earlier = seen.putIfAbsent(key, name);
            if (earlier != null) {
                throw new ModelPackageException(PackageProblem.DUPLICATE_ENTRY, name, "entry '" + EntryName.printable(name)
                        + "' appears twice in " + fileName + (earlier.equals(name) ? "" : " (as '" + EntryName.printable(earlier) + "')")
                        + "; which one is meant is ambiguous");
            }
            if (directory) {
                directories.add(key);
            } else {
                files.add(path);
            }
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                directories.add(key.substring(0, slash));
            }
        }
        for (String file : files) {
            if (directories.contains(file.toLowerCase(Locale.ROOT))) {
                throw new ModelPackageException(PackageProblem.DIRECTORY_ENTRY, file,
                        "entry '" + EntryName.printable(file) + "' in " + fileName + " is both a file and a directory");
            }
        }
        if (!files.contains(ModelPackages.MODEL_JSON)) {
            throw new ModelPackageException(PackageProblem.MISSING_MODEL_JSON, ModelPackages.MODEL_JSON,
                    fileName + " has no top-level model.json; it is not a model package (build it with mg:pack or mgpack)");
        }
    }

    private static void checkType(CentralDirectory.Entry entry, String fileName) throws ModelPackageException {
        String name = entry.name();
        int type = entry.unixType();
        if (type == S_IFLNK) {
            throw new ModelPackageException(PackageProblem.SYMLINK, name, "entry '" + EntryName.printable(name) + "' in "
                    + fileName + " is a symbolic link; packages hold regular files only (copy the target instead)");
        }
        if (type != 0 && type != S_IFREG && type != S_IFDIR) {
            throw new ModelPackageException(PackageProblem.SPECIAL_FILE, name, "entry '" + EntryName.printable(name) + "' in "
                    + fileName + " is a special file (type 0" + Integer.toOctalString(type) + "); packages hold regular files only");
        }
        if (entry.encrypted()) {
            throw new ModelPackageException(PackageProblem.CORRUPT, name,
                    "entry '" + EntryName.printable(name) + "' in " + fileName + " is encrypted; packages are signed, not encrypted");
        }
        if (entry.method() != STORED && entry.method() != DEFLATED) {
            throw new ModelPackageException(PackageProblem.CORRUPT, name, "entry '" + EntryName.printable(name) + "' in "
                    + fileName + " uses compression method " + entry.method() + "; only stored and deflated are read");
        }
    }
}
