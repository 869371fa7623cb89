package org.modelgate.security.keys.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import org.modelgate.spi.KeyException;
import org.modelgate.spi.KeyException.Reason;

/**
 * The device key on disk: exactly 32 random bytes, readable by the gateway's user only (0600, in a 0700
 * folder when Modelgate creates it). A file of another size, or one that group or others may access, is
 * refused and never replaced: models encrypted under the key it held would be lost. A new key is written
 * crash-safely (temporary file, fsync, atomic rename, fsync of the folder) and used only once durable.
 */
final class DeviceKeyFile {
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path file;
    private final SecureRandom random;

    DeviceKeyFile(Path file, SecureRandom random) {
        this.file = file.toAbsolutePath().normalize();
        this.random = random;
    }

    Path path() {
        return file;
    }

    /** Reads the key; a missing file is {@link Reason#UNAVAILABLE}, never created here. */
    DeviceKey load() {
        if (!Files.exists(file)) {
            throw new KeyException(Reason.UNAVAILABLE, "the device key file " + file + " is missing, so models encrypted "
                    + "under it cannot be decrypted; restore it from your backup (a new key cannot decrypt them)");
        }
        if (!Files.isRegularFile(file)) {
            throw new KeyException(Reason.UNAVAILABLE, "the device key file " + file + " is not a regular file");
        }
        checkOwnerOnly();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KeyException(Reason.UNAVAILABLE, "the device key file " + file + " cannot be read: " + e, e);
        }
        try {
            if (bytes.length != DeviceKey.KEY_BYTES) {
                throw new KeyException(Reason.UNAVAILABLE, "the device key file " + file + " holds " + bytes.length
                        + " bytes; a device key file holds exactly " + DeviceKey.KEY_BYTES + " random bytes. It was damaged "
                        + "or not written by Modelgate: restore it from your backup. It is not replaced, since the models "
                        + "encrypted under it could not be decrypted any more");
            }
            return new DeviceKey(bytes, random);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Reads the key, or makes one when the file does not exist yet. */
    DeviceKey loadOrCreate() {
        if (Files.exists(file)) {
            return load();
        }
        try {
            return create();
        } catch (FileAlreadyExistsException e) {
            return load();
        } catch (IOException e) {
            throw new KeyException(Reason.UNAVAILABLE, "cannot create the device key file " + file + ": " + e
                    + "; make its folder writable by the gateway's user, or set keyFile (PID " + FileKeyProvider.PID
                    + ") to a writable place", e);
        }
    }

    private DeviceKey create() throws IOException {
        Path folder = file.getParent();
        boolean posix = Files.getFileAttributeView(nearestExisting(folder), PosixFileAttributeView.class) != null;
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, posix ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER) }
                    : new FileAttribute<?>[0]);
        }
        Path tmp = folder.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp); // left by a crash before the rename: never a key in use
        byte[] key = new byte[DeviceKey.KEY_BYTES];
        random.nextBytes(key);
        try {
            try (FileChannel out = posix
                    ? FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                            PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
                    : FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                if (posix) {
                    Files.setPosixFilePermissions(tmp, OWNER_ONLY_FILE); // whatever the umask took away
                }
                ByteBuffer buffer = ByteBuffer.wrap(key);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            if (Files.exists(file)) {
                Files.delete(tmp);
                throw new FileAlreadyExistsException(file.toString());
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
                dir.force(true);
            }
            return new DeviceKey(key, random);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private void checkOwnerOnly() {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return; // no POSIX permissions on this file system: protecting the file is the operator's job
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = view.readAttributes().permissions();
        } catch (IOException e) {
            throw new KeyException(Reason.UNAVAILABLE, "the permissions of the device key file " + file
                    + " cannot be read: " + e, e);
        }
        Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
        open.addAll(permissions);
        open.retainAll(GROUP_OR_OTHERS);
        if (!open.isEmpty()) {
            throw new KeyException(Reason.UNAVAILABLE, "the device key file " + file + " may be accessed by group or others ("
                    + PosixFilePermissions.toString(permissions) + "); a device key must be readable by the gateway's user "
                    + "only: run chmod 600 " + file + " (and check who could have copied it)");
        }
    }

    private static Path nearestExisting(Path folder) throws NoSuchFileException {
        for (Path p = folder; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new NoSuchFileException(folder.toString());
    }
}
