package org.modelgate.security.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.modelgate.security.KeyFileException;
import org.modelgate.security.KeyRole;
import org.modelgate.security.TrustStoreException;
import org.modelgate.security.TrustedKey;

/**
 * Reads a trust store folder: {@code ROLE/NAME.pem} public keys and {@code revoked.txt}. Strict: any
 * file it does not understand is an error, so a key dropped in the wrong place is noticed. The one
 * exception: {@code .NAME.tmp} files, which {@code mg:trust} writes before renaming them into place
 * (and which a power cut can leave behind), are skipped.
 */
public final class TrustStoreLoader {
    /** The revocation list in the trust store folder. */
    public static final String REVOKED_FILE = "revoked.txt";
    private static final Pattern HINT = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private TrustStoreLoader() {
    }

    /** Loads every key of the folder, revoked ones flagged. */
    public static List<TrustedKey> load(Path folder) throws TrustStoreException {
        if (!Files.isDirectory(folder)) {
            throw new TrustStoreException(folder, "trust store folder does not exist; create it with one sub-folder per role"
                    + " (" + roleFolders() + ") holding NAME.pem public keys", null);
        }
        List<TrustedKey> keys = new ArrayList<>();
        boolean revokedList = false;
        for (Path entry : sorted(folder)) {
            String name = entry.getFileName().toString();
            if (isPendingWrite(name)) {
                continue;
            }
            if (name.equals(REVOKED_FILE) && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                revokedList = true;
            } else if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                KeyRole role = KeyRole.ofFolderName(name).orElseThrow(() -> new TrustStoreException(entry,
                        "is not a role folder; use " + roleFolders(), null));
                keys.addAll(loadRole(entry, role));
            } else {
                throw new TrustStoreException(entry, "unexpected here; a trust store holds role folders (" + roleFolders()
                        + ") and " + REVOKED_FILE, null);
            }
        }
        if (!revokedList) {
            return keys;
        }
        Set<String> revoked = readRevoked(folder.resolve(REVOKED_FILE), keys);
        return keys.stream().map(k -> revoked.contains(k.hint())
                ? new TrustedKey(k.id(), k.role(), k.publicKey(), k.hint(), true) : k).toList();
    }

    private static List<TrustedKey> loadRole(Path roleFolder, KeyRole role) throws TrustStoreException {
        List<TrustedKey> keys = new ArrayList<>();
        Set<String> hints = new HashSet<>();
        for (Path file : sorted(roleFolder)) {
            String name = file.getFileName().toString();
            if (isPendingWrite(name)) {
                continue;
            }
            if (!name.endsWith(".pem") || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new TrustStoreException(file, "unexpected here; " + role.folderName()
                        + "/ holds public keys as regular files named NAME.pem", null);
            }
            String id = name.substring(0, name.length() - ".pem".length());
            if (!KEY_ID.matcher(id).matches()) {
                throw new TrustStoreException(file, "key name '" + id + "' must be letters, digits, '.', '_' or '-'", null);
            }
            PublicKey key;
            try {
                key = role == KeyRole.BUNDLE_SIGNER ? BundleSignerKeys.publicKey(file, PemFile.read(file))
                        : EcKeys.publicKey(file, PemFile.read(file));
            } catch (KeyFileException e) {
                throw new TrustStoreException(file, e.getMessage().substring(file.toString().length() + 2), e);
            }
            String hint = EcKeys.hint(key);
            if (!hints.add(hint)) {
                throw new TrustStoreException(file, "is the same key as another file in " + role.folderName()
                        + "/; keep one", null);
            }
            keys.add(new TrustedKey(id, role, key, hint, false));
        }
        return keys;
    }

    /** Lines: a 64-hex key hint (works after the key file is gone) or a key id; blank lines and # comments ignored. */
    private static Set<String> readRevoked(Path file, List<TrustedKey> keys) throws TrustStoreException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TrustStoreException(file, "cannot be read: " + e, e);
        }
        Set<String> hints = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            if (HINT.matcher(line).matches()) {
                hints.add(line);
                continue;
            }
            Optional<String> hint = keys.stream().filter(k -> k.id().equals(line)).map(TrustedKey::hint).findFirst();
            if (hint.isEmpty()) {
                throw new TrustStoreException(file, "line " + (i + 1) + ": '" + line + "' is neither a key hint (64 lowercase"
                        + " hex digits) nor the name of a key in the trust store; revoke a removed key by its hint", null);
            }
            keys.stream().filter(k -> k.id().equals(line)).forEach(k -> hints.add(k.hint()));
        }
        return hints;
    }

    /** A file being written by {@code mg:trust} (or left by a power cut while it was): {@code .NAME.tmp}. */
    public static boolean isPendingWrite(String fileName) {
        return fileName.startsWith(".") && fileName.endsWith(".tmp");
    }

    private static Set<Path> sorted(Path folder) throws TrustStoreException {
        Set<Path> entries = new TreeSet<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            throw new TrustStoreException(folder, "cannot be listed: " + e, e);
        }
        return entries;
    }

    private static String roleFolders() {
        List<String> names = new ArrayList<>();
        for (KeyRole r : KeyRole.values()) {
            names.add(r.folderName() + "/");
        }
        return String.join(", ", names);
    }
}
