package org.modelgate.remote.commands.internal;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.CommandException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Brings the file of a deploy, install or update request, shared by those commands: chunks into the transfer
 * folder, with resume ({@code {"transfer", "status": true}}), or a pull from an https URL with a pinned hash.
 * Configured by PID {@value CommandsConfig#PID}.
 */
@Component(service = PackageSources.class, configurationPid = CommandsConfig.PID)
@Designate(ocd = CommandsConfig.class)
public final class PackageSources {
    private volatile TransferFolder transfers;
    private volatile HttpsPull pulls;
    private volatile String pullProblem;

    /** For DS. */
    public PackageSources() {
    }

    PackageSources(TransferFolder transfers, HttpsPull pulls) {
        this.transfers = transfers;
        this.pulls = pulls;
    }

    @Activate
    @Modified
    void activate(BundleContext context, CommandsConfig config) {
        Path folder = folder(context, config);
        long maxBytes = Math.max(1, config.maxPackageMiB()) * 1024L * 1024L;
        this.transfers = new TransferFolder(folder, maxBytes, Math.max(1, config.maxTransfers()),
                Duration.ofMinutes(Math.max(1, config.transferExpiryMinutes())), Clock.systemUTC());
        // a CA file that cannot be used stops pulls only (each says why), never the chunked transfers
        Path caFile = config.pullCaFile().isBlank() ? null : Path.of(config.pullCaFile());
        try {
            if (caFile != null && !Files.isReadable(caFile)) {
                throw new IllegalArgumentException("the pull CA file " + caFile + " (pullCaFile of PID " + CommandsConfig.PID
                        + ") cannot be read");
            }
            this.pulls = new HttpsPull(folder, maxBytes, Duration.ofSeconds(Math.max(1, config.pullTimeoutSeconds())),
                    PullTrust.context(caFile));
            this.pullProblem = null;
        } catch (IllegalArgumentException e) {
            System.getLogger(PackageSources.class.getName()).log(System.Logger.Level.ERROR, e.getMessage()
                    + "; pulls are refused until it is fixed");
            this.pulls = null;
            this.pullProblem = e.getMessage();
        }
    }

    private static Path folder(BundleContext context, CommandsConfig config) {
        if (!config.transferFolder().isBlank()) {
            return Path.of(config.transferFolder());
        }
        String home = context.getProperty("modelgate.home");
        return home != null ? Path.of(home, "data", "remote", "transfers") : context.getDataFile("transfers").toPath();
    }

    /**
     * Takes a request's file: a chunk, a resume question or a pull.
     *
     * @param call the request; its body has {@code transfer} (a chunk, or {@code "status": true}) or {@code url}
     * @param extension the file extension the command takes ({@code .mgp}, {@code .jar})
     * @return the file once it is all here, else the transfer's progress
     * @throws CommandException naming what is wrong with the request or the file
     */
    Arrival receive(CommandCall call, String extension) {
        boolean chunked = call.body().containsKey("transfer");
        boolean pulled = call.body().containsKey("url");
        if (chunked == pulled) {
            throw new CommandException("command '" + call.command() + "' needs either \"transfer\" (the file in base64 "
                    + "chunks: transfer, file, size, sha256, offset, data) or \"url\" (an https URL and its sha256)"
                    + (chunked ? ", not both" : ""));
        }
        return chunked ? chunk(call, extension) : pull(call, extension);
    }

    private Arrival chunk(CommandCall call, String extension) {
        if (Fields.flag(call, "status")) {
            String transfer = Chunk.transferId(call);
            return new Arrival(transfers.status(transfer).map(TransferProgress::json).orElseGet(() -> {
                Map<String, Object> none = new LinkedHashMap<>();
                none.put("transfer", transfer);
                none.put("received", 0L);
                none.put("open", false);
                return none;
            }), null);
        }
        TransferProgress progress = transfers.receive(Chunk.from(call, extension));
        return new Arrival(progress.toJson(), progress.arrived());
    }

    private Arrival pull(CommandCall call, String extension) {
        URI uri = HttpsPull.httpsUrl(call.text("url"));
        HttpsPull pulling = pulls;
        if (pulling == null) {
            throw new CommandException("pulls are refused: " + pullProblem + "; send the file in chunks instead");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String file = Chunk.fileName(call.text("file", path.substring(path.lastIndexOf('/') + 1)), extension);
        String sha256 = Chunk.sha256(call, "sha256");
        long size = Fields.whole(call, "size", -1);
        Path pulledFile = pulling.pull(uri, file, sha256, size);
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("url", uri.toString());
        progress.put("file", file);
        progress.put("size", pulledFile.toFile().length());
        progress.put("complete", true);
        return new Arrival(progress, pulledFile);
    }

    /**
     * Removes an arrived file once the command installed it or failed to.
     *
     * @param arrival what {@link #receive} gave
     */
    void done(Arrival arrival) {
        if (arrival.ready()) {
            HttpsPull.discard(arrival.file());
        }
    }
}
