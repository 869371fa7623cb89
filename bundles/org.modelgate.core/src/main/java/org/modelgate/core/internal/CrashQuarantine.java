package org.modelgate.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.modelgate.api.VersionEvent.Kind;
import org.modelgate.host.CrashReport;

/**
 * Quarantine of versions that were running when the process died. What the dead process left tells what it
 * was doing: a {@value VersionLifecycle#TRIAL_FILE} file (a trial), a {@value #LOADING_FILE} file (a load),
 * an {@link InFlightCounter} above zero (requests running); the JVM's fatal error report in the crash
 * report folder ({@code -XX:ErrorFile}, {@code data/crash} in the distribution) tells why. Such a version is
 * recorded {@link Kind#CRASHED} and never loaded again until an operator forces it.
 *
 * <p>A version in trial is quarantined however the process died (kill -9 included). A version that had passed its
 * trial and was loading again or serving requests is quarantined only when a crash report was written since the start
 * (a native crash): a plain kill or a power cut says nothing against it.
 */
final class CrashQuarantine {
    /** Marks a load in progress; holds the version. */
    static final String LOADING_FILE = "loading";
    /** In the crash report folder while the registry runs: still there at a start means the last one died. */
    static final String RUNNING_FILE = "gateway.running";
    private static final System.Logger LOG = System.getLogger(CrashQuarantine.class.getName());

    private final ModelRepository repository;
    private final DurableFiles files;
    private final Path crashReports;
    private final AuditTrail audit;

    CrashQuarantine(ModelRepository repository, Path crashReports, AuditTrail audit) {
        this.repository = repository;
        this.files = repository.files();
        this.crashReports = crashReports;
        this.audit = audit;
    }

    /**
     * At start: quarantines what the last process was doing when it died, then marks this one running.
     * Runs before {@link VersionLifecycle#recover()}, so the trial file it finds is still there.
     *
     * @return the last run's end, with every version that was in trial, loading or running requests then (whether
     *         or not that is held against it here), for {@link SafeModeGuard}; empty when the last run stopped in order
     */
    Optional<UncleanEnds.End> recover() {
        Path running = crashReports.resolve(RUNNING_FILE);
        boolean died = Files.exists(running);
        Optional<String> report = died ? crashReport(modifiedTime(running)) : Optional.empty();
        if (died) {
            LOG.log(System.Logger.Level.WARNING, "the last run of the gateway did not stop cleanly"
                    + report.map(r -> ": " + r).orElse(" (no crash report in " + crashReports + ": killed or powered off)"));
        }
        List<UncleanEnds.Implicated> busy = new ArrayList<>();
        for (String name : repository.modelNames()) {
            Path dir = repository.modelDirectory(name);
            // a trial whose version is already committed was over: the process died between the commit and the cleanup
            Optional<SemanticVersion> trial = marker(dir.resolve(VersionLifecycle.TRIAL_FILE))
                    .filter(version -> !repository.committedVersion(name).equals(Optional.of(version)));
            trial.ifPresent(version -> quarantine(name, version, "the gateway died while it was in trial", report));
            trial.ifPresent(version -> busy.add(new UncleanEnds.Implicated(name, version.toString(), "in trial")));
            // a load of a version that passed its trial before: held against it only when the process crashed
            Optional<SemanticVersion> loading = marker(dir.resolve(LOADING_FILE)).filter(version -> !trial.equals(Optional.of(version)));
            loading.filter(version -> report.isPresent())
                    .ifPresent(version -> quarantine(name, version, "the gateway died while loading it", report));
            loading.filter(version -> died)
                    .ifPresent(version -> busy.add(new UncleanEnds.Implicated(name, version.toString(), "loading")));
            deleteQuietly(dir.resolve(LOADING_FILE));
            if (died) {
                InFlightCounter.leftBehind(dir).ifPresent(left -> {
                    busy.add(new UncleanEnds.Implicated(name, left.version().toString(), "running " + left.requests()
                            + " request(s)"));
                    if (report.isPresent()) {
                        quarantine(name, left.version(), "the gateway died while " + left.requests()
                                + " request(s) ran on it", report);
                    } else {
                        LOG.log(System.Logger.Level.INFO, "model " + name + " " + left.version() + " had " + left.requests()
                                + " request(s) running when the gateway was stopped without a crash report; not held against it");
                    }
                });
            }
        }
        try {
            Files.createDirectories(crashReports);
            Files.writeString(running, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write " + running + " (" + e.getMessage() + "); after a crash the next "
                    + "start will not know that this one died");
        }
        return died ? Optional.of(new UncleanEnds.End(java.time.Instant.now(), report.orElse("no crash report: killed or "
                + "powered off"), busy)) : Optional.empty();
    }

    /** The folder of crash reports, where the record of unclean ends lives too. */
    Path crashReports() {
        return crashReports;
    }

    /** An orderly stop: the next start finds nothing to hold against anyone. */
    void stopped() {
        try {
            Files.deleteIfExists(crashReports.resolve(RUNNING_FILE));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove " + crashReports.resolve(RUNNING_FILE) + ": " + e.getMessage());
        }
    }

    /**
     * Records that a load of {@code version} begins, before the backend sees the model. A plain write, not through
     * the durable file layer: the marker must outlive a crash of this process (the page cache does), not a power cut
     * (which says nothing against the model).
     */
    void loading(String name, SemanticVersion version) {
        try {
            Files.writeString(repository.modelDirectory(name).resolve(LOADING_FILE), version + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + LOADING_FILE + " of model " + name + ": " + e.getMessage(), e);
        }
    }

    /** The load ended, either way. */
    void loaded(String name) {
        try {
            Files.deleteIfExists(repository.modelDirectory(name).resolve(LOADING_FILE));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove the " + LOADING_FILE + " marker of model " + name + ": " + e.getMessage());
        }
    }

    /** Quarantines a version now (a serving host that kept dying). */
    void quarantine(String name, SemanticVersion version, String what, Optional<String> why) {
        String reason = what + why.map(r -> ": " + r).orElse("");
        Path dir = repository.modelDirectory(name);
        VersionHistory.append(files, dir, version, Kind.CRASHED, reason + "; quarantined: it loads again only when forced (mg:activate --force "
                + name + " " + version + ", or POST /v2/repository/models/" + name + "/load?force=true)");
        audit.record("model.crashed", name, version, Map.of("reason", reason));
        LOG.log(System.Logger.Level.WARNING, "model " + name + " " + version + " is quarantined: " + reason);
    }

    /** Whether a version is in quarantine. */
    boolean isQuarantined(String name, SemanticVersion version) {
        return VersionHistory.quarantined(repository.modelDirectory(name)).contains(version);
    }

    /** Why a version is in quarantine, for refusals. */
    String refusal(String name, SemanticVersion version) {
        return "model '" + name + "' " + version + " is quarantined (" + VersionHistory.crashReason(repository.modelDirectory(name),
                version) + ")";
    }

    private Optional<String> crashReport(FileTime since) {
        if (!Files.isDirectory(crashReports)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(crashReports)) {
            Optional<Path> newest = entries.filter(p -> p.getFileName().toString().startsWith("hs_err"))
                    .filter(p -> modifiedTime(p).compareTo(since) >= 0)
                    .max(Comparator.comparing(CrashQuarantine::modifiedTime));
            if (newest.isEmpty()) {
                return Optional.empty();
            }
            Optional<CrashReport> report = CrashReport.read(newest.get());
            return Optional.of(report.map(CrashReport::summary).orElse("a crash report") + ", see " + newest.get());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read the crash reports in " + crashReports + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<SemanticVersion> marker(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            return SemanticVersion.isValid(text) ? Optional.of(SemanticVersion.parse(text)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static FileTime modifiedTime(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private void deleteQuietly(Path file) {
        try {
            if (Files.exists(file)) {
                files.delete(file);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove " + file + ": " + e.getMessage());
        }
    }
}
