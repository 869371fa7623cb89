package org.modelgate.webconsole.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import java.util.Objects;

/**
 * The users who may log in now: the users file as it is, read again whenever it changes (size,
 * time or file changed), so a password set while the gateway runs counts from the next request.
 * Each change of state is logged once, in words an operator can act on.
 */
final class ConsoleUsers {
    private static final System.Logger LOG = System.getLogger(ConsoleUsers.class.getName());
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /** What the file allows now. */
    sealed interface State permits Users, Locked {
    }

    /**
     * The file was read: these users may log in (none when the file is missing or lists nobody).
     *
     * @param byName user name to password hash
     */
    record Users(Map<String, PasswordHash> byName) implements State {
    }

    /**
     * The file cannot be used: nobody may log in until it is fixed.
     *
     * @param reason what is wrong, naming the file and line
     */
    record Locked(String reason) implements State {
    }

    /** Identifies one version of the file (and its permissions); null fields when it does not exist. */
    private record Stamp(Object fileKey, long size, long modified, Object permissions) {
    }

    private final Path file;
    private Stamp stamp;
    private State state;

    ConsoleUsers(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /**
     * The state for this request; reads the file again if it changed since the last call.
     *
     * @return the users, or why nobody may log in
     */
    synchronized State current() {
        Stamp now = stamp();
        if (state == null || !Objects.equals(now, stamp)) {
            stamp = now;
            state = load(now);
        }
        return state;
    }

    private Stamp stamp() {
        try {
            BasicFileAttributes attributes = POSIX ? Files.readAttributes(file, PosixFileAttributes.class)
                    : Files.readAttributes(file, BasicFileAttributes.class);
            Object permissions = attributes instanceof PosixFileAttributes posix ? posix.permissions() : null;
            return new Stamp(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime().toMillis(), permissions);
        } catch (IOException missingOrUnreadable) {
            return new Stamp(null, -1, -1, null);
        }
    }

    private State load(Stamp now) {
        try {
            if (now.size() >= 0 && OwnerOnlyFiles.writableByOthers(file)) {
                return locked(file + " is writable by group or others, so anybody on this machine could add a user: "
                        + "chmod 600 " + file);
            }
            Map<String, PasswordHash> users = UsersFile.read(file);
            if (OwnerOnlyFiles.readableByOthers(file)) {
                LOG.log(Level.WARNING, file + " is readable by group or others; it holds password hashes: chmod 600 " + file);
            }
            if (users.isEmpty()) {
                LOG.log(Level.WARNING, "Nobody can log in to the Web Console: " + file + " lists no user. Add one with bin/webconsole-passwd NAME");
            } else {
                LOG.log(Level.INFO, "Web Console logins: " + users.size() + (users.size() == 1 ? " user " : " users ")
                        + users.keySet() + " from " + file);
            }
            return new Users(users);
        } catch (NoSuchFileException missing) {
            LOG.log(Level.WARNING, "Nobody can log in to the Web Console: " + file + " does not exist. "
                    + "Add a user with bin/webconsole-passwd NAME, or restart the gateway: without the file it generates a password for admin");
            return new Users(Map.of());
        } catch (UsersFileException | IOException e) {
            return locked(e.getMessage());
        }
    }

    private static State locked(String reason) {
        LOG.log(Level.ERROR, "The Web Console refuses every login: " + reason);
        return new Locked(reason);
    }
}
