package org.modelgate.console.ssh.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Optional;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.session.ServerSession;

/**
 * The OpenSSH {@code authorized_keys} file that decides who may log in. SSHD's
 * {@link AuthorizedKeysAuthenticator} reads it again whenever it has changed, so adding or removing
 * a key needs no restart; this class adds what an operator needs to know: whether anybody can log
 * in at all, and which key was refused.
 */
final class AuthorizedKeys {
    private static final System.Logger LOG = System.getLogger(AuthorizedKeys.class.getName());

    private final Path file;

    AuthorizedKeys(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Keys in the file that this server can use (lines it cannot parse, or key types it lacks, are not counted). */
    int usableKeys() throws IOException {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        int usable = 0;
        for (AuthorizedKeyEntry entry : AuthorizedKeyEntry.readAuthorizedKeys(file)) {
            try {
                if (entry.resolvePublicKey(null, PublicKeyEntryResolver.IGNORING) != null) {
                    usable++;
                }
            } catch (GeneralSecurityException | IOException | RuntimeException unusable) {
                LOG.log(Level.WARNING, "ignoring a " + entry.getKeyType() + " key in " + file + ": " + unusable.getMessage());
            }
        }
        return usable;
    }

    /** Why nobody can log in, in words an operator can act on; empty when at least one key is usable. */
    Optional<String> loginProblem() {
        String why;
        try {
            if (!Files.exists(file)) {
                why = file + " does not exist";
            } else if (usableKeys() == 0) {
                why = file + " holds no usable public key";
            } else {
                return Optional.empty();
            }
        } catch (IOException e) {
            why = file + " cannot be read (" + e.getMessage() + ")";
        }
        return Optional.of("Nobody can log in over SSH: " + why + ". Add a public key in OpenSSH format, one per line, "
                + "e.g. cat ~/.ssh/id_ed25519.pub >> " + file + " (read again at the next login, no restart needed).");
    }

    /** Accepts exactly the keys in the file as it is at each login; logs each refused key. */
    PublickeyAuthenticator authenticator() {
        return new RefusalLoggingAuthenticator(file);
    }

    /**
     * Who logged in, for the audit log: the SSH user name, the key's fingerprint and the comment the
     * key has in the authorized keys file, e.g. {@code admin (ssh key SHA256:Qx..., alice@laptop)}.
     */
    static final AttributeRepository.AttributeKey<String> OPERATOR = new AttributeRepository.AttributeKey<>();

    /** The operator name of a key that logged in, with its comment from {@code file} when there is one. */
    static String operatorName(String username, PublicKey key, Path file) {
        String comment = null;
        try {
            for (AuthorizedKeyEntry entry : AuthorizedKeyEntry.readAuthorizedKeys(file)) {
                PublicKey listed = entry.resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
                if (listed != null && KeyUtils.compareKeys(listed, key)) {
                    comment = entry.getComment();
                    break;
                }
            }
        } catch (GeneralSecurityException | IOException | RuntimeException unreadable) {
            // the name goes without the comment; the fingerprint alone identifies the key
        }
        return username + " (ssh key " + KeyUtils.getFingerPrint(key)
                + (comment == null || comment.isBlank() ? "" : ", " + comment.strip()) + ")";
    }

    /** SSHD's authenticator (reloads the file when it changed) telling the operator about refused keys. */
    static final class RefusalLoggingAuthenticator extends AuthorizedKeysAuthenticator {
        RefusalLoggingAuthenticator(Path file) {
            super(file);
        }

        @Override
        public boolean authenticate(String username, PublicKey key, ServerSession session) {
            boolean accepted = super.authenticate(username, key, session);
            if (accepted && session != null) {
                session.setAttribute(OPERATOR, operatorName(username, key, getPath()));
            }
            if (!accepted) {
                LOG.log(Level.INFO, () -> "SSH key " + KeyUtils.getFingerPrint(key) + " (" + KeyUtils.getKeyType(key) + ") of '"
                        + username + "' from " + (session == null ? "?" : session.getClientAddress()) + " refused: not in " + getPath());
            }
            return accepted;
        }
    }
}
