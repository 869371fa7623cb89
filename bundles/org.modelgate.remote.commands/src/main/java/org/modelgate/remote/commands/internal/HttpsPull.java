package org.modelgate.remote.commands.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.modelgate.remote.CommandException;

/**
 * Pulls a file over HTTPS (never plain HTTP) into {@code <folder>/pull-<id>.arrived/<file>}, at most
 * {@code maxBytes}, and checks its SHA-256 against the pinned one before anyone uses it. A redirect to plain HTTP is
 * not followed.
 */
final class HttpsPull {
    private final Path folder;
    private final long maxBytes;
    private final Duration timeout;
    private final HttpClient client;

    /**
     * @param folder where pulled files land
     * @param maxBytes the largest file
     * @param timeout how long a pull may take in all
     * @param tls the TLS context ({@link PullTrust#context(Path)})
     */
    HttpsPull(Path folder, long maxBytes, Duration timeout, SSLContext tls) {
        this.folder = folder;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * The URL of a pull, checked: https with a host.
     *
     * @param url the text
     * @return the URI
     */
    static URI httpsUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new CommandException("\"url\" is not a URL: " + url);
        }
        if (!"https".equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw new CommandException("\"url\" must be https: plain http and other schemes are refused, not " + url);
        }
        if (uri.getHost() == null) {
            throw new CommandException("\"url\" has no host: " + url);
        }
        return uri;
    }

    /**
     * Pulls a file.
     *
     * @param uri the https URL
     * @param file the name the file gets
     * @param sha256 the pinned SHA-256, lower-case hex
     * @param size the expected size, or -1 when not given
     * @return the file, its hash checked
     * @throws CommandException when the server cannot be reached or trusted, answers other than 200, the file is
     *     too big, of another size or another hash; nothing is left behind then
     */
    Path pull(URI uri, String file, String sha256, long size) {
        if (size > maxBytes) {
            throw new CommandException(file + " has " + size + " bytes, more than the " + maxBytes
                    + " a pull may bring (maxPackageMiB of PID " + CommandsConfig.PID + ")");
        }
        Path target = folder.resolve("pull-" + UUID.randomUUID() + ".arrived").resolve(file);
        boolean done = false;
        try {
            Files.createDirectories(target.getParent());
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new CommandException("pulling " + uri + " got HTTP " + response.statusCode() + ", not 200");
                }
                long announced = response.headers().firstValueAsLong("content-length").orElse(-1);
                if (announced > maxBytes) {
                    throw new CommandException(uri + " is " + announced + " bytes, more than the " + maxBytes
                            + " a pull may bring (maxPackageMiB of PID " + CommandsConfig.PID + ")");
                }
                String actual = copy(body, target, uri);
                long length = Files.size(target);
                if (size >= 0 && length != size) {
                    throw new CommandException(uri + " gave " + length + " bytes, not the " + size + " given as \"size\"; "
                            + "nothing was installed");
                }
                if (!actual.equals(sha256)) {
                    throw new CommandException(uri + " gave a file whose sha256 is " + actual + ", not the pinned " + sha256
                            + "; nothing was installed");
                }
            }
            done = true;
            return target;
        } catch (IOException e) {
            throw new CommandException("pulling " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException("pulling " + uri + " was interrupted", e);
        } finally {
            if (!done) {
                discard(target);
            }
        }
    }

    private String copy(InputStream body, Path target, URI uri) throws IOException {
        MessageDigest digest = TransferFolder.newDigest();
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = body.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new CommandException(uri + " sent more than the " + maxBytes + " bytes a pull may bring "
                            + "(maxPackageMiB of PID " + CommandsConfig.PID + "); nothing was installed");
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Removes a pulled file and its folder.
     *
     * @param pulled the file {@link #pull} gave
     */
    static void discard(Path pulled) {
        try {
            Files.deleteIfExists(pulled);
            Files.deleteIfExists(pulled.getParent());
        } catch (IOException e) {
            System.getLogger(HttpsPull.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot remove the pulled file " + pulled + "; remove it by hand", e);
        }
    }
}
