package org.modelgate.access.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.List;

/**
 * The token store as the access check sees it: the file read again whenever its modification time or size
 * changed, so {@code mg:token add} and hand edits apply at the next call. An invalid file refuses every token
 * (and says why in the log, once per change) rather than falling back to an older list.
 */
final class TokenStore {
    private static final System.Logger LOG = System.getLogger(TokenStore.class.getName());

    private record Snapshot(long modified, long size, List<Token> tokens, String problem) {
    }

    private final Path file;
    private volatile Snapshot snapshot = new Snapshot(Long.MIN_VALUE, -1, List.of(), null);

    TokenStore(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /**
     * Finds the token whose hash matches, comparing with every stored hash in constant time (no early exit), so the
     * time taken says nothing about which bytes matched.
     *
     * @return the token, or null
     */
    Token match(String presented) {
        byte[] hash = TokenHash.hash(presented);
        Token found = null;
        for (Token token : current().tokens()) {
            if (MessageDigest.isEqual(hash, token.hash())) {
                found = token;
            }
        }
        return found;
    }

    /** Why no token is accepted now, or null when the file is fine (or absent: no tokens). */
    String problem() {
        return current().problem();
    }

    private Snapshot current() {
        long modified;
        long size;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            modified = attributes.lastModifiedTime().toMillis();
            size = attributes.size();
        } catch (IOException e) {
            modified = -1; // absent: no tokens
            size = -1;
        }
        Snapshot now = snapshot;
        if (now.modified() == modified && now.size() == size) {
            return now;
        }
        Snapshot read;
        try {
            read = new Snapshot(modified, size, TokenFile.read(file), null);
        } catch (TokenFileException e) {
            LOG.log(Level.ERROR, "No bearer token is accepted until the token store is fixed: " + e.getMessage());
            read = new Snapshot(modified, size, List.of(), e.getMessage());
        }
        snapshot = read;
        return read;
    }
}
