package org.modelgate.build.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The committed snapshots, one file {@code <package>.api} each, checked against the packages the
 * bundles export now; a refresh records what may be recorded and nothing else.
 */
public final class ApiSnapshots {
    static final String SUFFIX = ".api";
    private final Path folder;

    public ApiSnapshots(Path folder) {
        this.folder = folder;
    }

    /** A verdict for every exported package and every snapshot, in package order. */
    public List<ApiVerdict> check(List<PackageApi> exported) throws IOException {
        Map<String, PackageApi> recorded = readAll();
        List<ApiVerdict> verdicts = new ArrayList<>();
        for (PackageApi current : exported) {
            PackageApi snapshot = recorded.remove(current.name());
            verdicts.add(snapshot == null ? ApiCheck.unrecorded(current) : ApiCheck.compare(current, snapshot));
        }
        recorded.values().forEach(snapshot -> verdicts.add(ApiCheck.removed(snapshot)));
        verdicts.sort(Comparator.comparing(ApiVerdict::packageName));
        return verdicts;
    }

    /**
     * Writes the snapshot of every package whose change its version allows (or that has none yet);
     * a package whose change lacks its bump keeps its old snapshot, so a refresh cannot hide it.
     *
     * @return the verdicts before the refresh
     */
    public List<ApiVerdict> refresh(List<PackageApi> exported) throws IOException {
        List<ApiVerdict> verdicts = check(exported);
        for (PackageApi current : exported) {
            for (ApiVerdict verdict : verdicts) {
                if (verdict.packageName().equals(current.name()) && verdict.recordable()) {
                    current.write(file(current.name()));
                }
            }
        }
        return verdicts;
    }

    Path file(String packageName) {
        return folder.resolve(packageName + SUFFIX);
    }

    private Map<String, PackageApi> readAll() throws IOException {
        Map<String, PackageApi> recorded = new LinkedHashMap<>();
        if (!Files.isDirectory(folder)) {
            return recorded;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                PackageApi snapshot = PackageApi.read(file);
                recorded.put(snapshot.name(), snapshot);
            }
        }
        return recorded;
    }
}
