package org.modelgate.security.keys.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.EnumSet;
import java.util.Set;

import org.modelgate.audit.CheckpointSigner;
import org.modelgate.security.KeyFileException;
import org.modelgate.security.SigningKey;
import org.modelgate.security.internal.EcKeys;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The device's checkpoint key in a file: an EC P-256 key (PKCS#8 PEM with its public key, as OpenSSL
 * writes it) that signs the audit log's checkpoints. Made on first start when the file is absent (0600,
 * folder 0700); read like any signing key, so an OpenSSL-made key can take its place.
 *
 * <p>Give the public half ({@code openssl pkey -in KEY -pubout}) to whoever checks checkpoints off the
 * device. A TPM-backed {@link CheckpointSigner} with a higher {@code service.ranking} takes its place.
 */
@Component(service = CheckpointSigner.class, configurationPid = FileCheckpointSigner.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = FileCheckpointSigner.Config.class)
public class FileCheckpointSigner implements CheckpointSigner {
    static final String PID = "org.modelgate.security.signing";
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** Where the checkpoint key is. */
    @ObjectClassDefinition(name = "Modelgate checkpoint signing key (file)",
            description = "The device key that signs audit log checkpoints.")
    public @interface Config {
        @AttributeDefinition(description = "EC private key, PEM (PKCS#8 or SEC1) with its public key, permissions 0600."
                + " Made (P-256) on first start when absent; never replaced.")
        String keyFile();
    }

    private final SigningKey key;
    private final String algorithm;

    /**
     * Starts with the configured key file.
     *
     * @param config the key file
     * @throws KeyFileException when the file cannot be made or read, is open to group or others, or is no usable key
     */
    @Activate
    public FileCheckpointSigner(Config config) throws KeyFileException {
        this(Path.of(config.keyFile()));
    }

    /**
     * Starts with a key file, made when absent.
     *
     * @param keyFile the key file
     * @throws KeyFileException when the file cannot be made or read, is open to group or others, or is no usable key
     */
    public FileCheckpointSigner(Path keyFile) throws KeyFileException {
        if (!Files.exists(keyFile, LinkOption.NOFOLLOW_LINKS)) {
            create(keyFile);
        }
        requireOwnerOnly(keyFile);
        this.key = SigningKey.fromPemFile(keyFile);
        this.algorithm = EcKeys.signatureAlgorithm(key.privateKey());
    }

    @Override
    public String keyId() {
        return key.hint();
    }

    @Override
    public PublicKey publicKey() {
        return key.publicKey();
    }

    @Override
    public String signatureAlgorithm() {
        return algorithm;
    }

    @Override
    public byte[] sign(byte[] statement) {
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(key.privateKey());
            signature.update(statement);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the checkpoint key: " + e.getMessage(), e);
        }
    }

    private static void create(Path keyFile) throws KeyFileException {
        try {
            Path folder = keyFile.toAbsolutePath().getParent();
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder);
                if (Files.getFileAttributeView(folder, PosixFileAttributeView.class) != null) {
                    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
                }
            }
            SigningKey.generate().writePemFile(keyFile);
            try (var dir = java.nio.channels.FileChannel.open(folder, java.nio.file.StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new KeyFileException(keyFile, "cannot be created: " + e + " (check the folder is writable)", e);
        }
    }

    private static void requireOwnerOnly(Path keyFile) throws KeyFileException {
        PosixFileAttributeView view = Files.getFileAttributeView(keyFile, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return; // no POSIX permissions here: protecting the file is the operator's job
        }
        try {
            Set<PosixFilePermission> open = EnumSet.copyOf(GROUP_OR_OTHERS);
            open.retainAll(view.readAttributes().permissions());
            if (!open.isEmpty()) {
                throw new KeyFileException(keyFile, "group or others may access it (" + PosixFilePermissions.toString(
                        view.readAttributes().permissions()) + "); a signing key must be readable by the gateway's"
                        + " user only: run chmod 600 " + keyFile, null);
            }
        } catch (IOException e) {
            throw new KeyFileException(keyFile, "its permissions cannot be read: " + e, e);
        }
    }
}
