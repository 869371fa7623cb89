package org.modelgate.packaging.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.modelgate.packaging.ModelPackageException;
import org.modelgate.packaging.ModelPackages;
import org.modelgate.packaging.PackageProblem;
import org.modelgate.packaging.ProgressListener;
import org.modelgate.security.KeyRole;
import org.modelgate.security.ModelSignatureException;
import org.modelgate.security.ModelSignatures;
import org.modelgate.security.SigningCertificate;
import org.modelgate.security.SigningKey;
import org.modelgate.security.TrustStore;
import org.modelgate.security.TrustedKey;

/**
 * Signs a model folder and zips it deterministically into {@code NAME-VERSION.mgp}.
 */
public final class PackageWriter {
    /**
     * Every entry's time, set as local date-time so the time zone does not matter. Not 1980-01-01 00:00:
     * java.util.zip writes that one (its "before 1980" marker) with a zone-dependent timestamp extra field.
     */
    static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);
    private static final int BUFFER = 1 << 20;

    private final SigningKey key;
    private final SigningCertificate certificate;
    private final ProgressListener progress;

    /**
     * Creates a writer.
     *
     * @param key the signing key
     * @param progress told of the bytes zipped
     */
    public PackageWriter(SigningKey key, ProgressListener progress) {
        this(key, null, progress);
    }

    /**
     * Creates a writer signing with a key and its certificate (model_signing's certificate method).
     *
     * @param key the signing key
     * @param certificate the key's certificate and its chain; null to sign with the key alone
     * @param progress told of the bytes zipped so far
     */
    public PackageWriter(SigningKey key, SigningCertificate certificate, ProgressListener progress) {
        this.key = key;
        this.certificate = certificate;
        this.progress = progress;
    }

    /**
     * Packs; see {@link ModelPackages#pack}.
     *
     * @param modelFolder the folder
     * @param outputDir where the package goes
     * @return the package
     * @throws ModelPackageException when refused or writing fails
     */
    public Path pack(Path modelFolder, Path outputDir) throws ModelPackageException {
        Path folder = modelFolder.toAbsolutePath().normalize();
        Path out = outputDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            throw new ModelPackageException(PackageProblem.IO_ERROR, null, folder + " is not a folder; give the model folder to pack");
        }
        if (out.startsWith(folder)) {
            throw new ModelPackageException(PackageProblem.IO_ERROR, null, "output folder " + out
                    + " is inside the model folder; choose one outside it, or the package would be packed into itself");
        }
        ModelJson json = ModelJson.read(folder, folder.toString());
        FolderContents.of(folder); // refuses links and odd names before anything is signed
        signUnlessSigned(folder);
        FolderContents contents = FolderContents.of(folder);
        return write(contents, out, json.packageFileName());
    }

    private void signUnlessSigned(Path folder) throws ModelPackageException {
        if (certificate != null) {
            // A certificate signature is always made afresh: an earlier model.sig may carry another certificate or none.
            sign(folder);
            return;
        }
        TrustedKey self = new TrustedKey("packing-key", KeyRole.MODEL_SIGNER, key.publicKey(), key.hint(), false);
        try {
            // An unchanged folder keeps its signature: ECDSA is randomized, and re-signing would change the bytes.
            ModelSignatures.verifier(TrustStore.of(List.of(self))).verify(folder);
        } catch (ModelSignatureException notSignedByThisKey) {
            sign(folder);
        }
    }

    private void sign(Path folder) throws ModelPackageException {
        try {
            (certificate == null ? ModelSignatures.signer(key) : ModelSignatures.signer(key, certificate)).sign(folder);
        } catch (ModelSignatureException e) {
            throw new ModelPackageException(PackageProblem.SIGNATURE, e.files().isEmpty() ? null : e.files().get(0),
                    "cannot sign " + folder + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ModelPackageException(PackageProblem.SIGNATURE, null, "cannot sign " + folder + ": " + e.getMessage(), e);
        }
    }

    private Path write(FolderContents contents, Path outputDir, String fileName) throws ModelPackageException {
        Path target = outputDir.resolve(fileName);
        Path temporary = null;
        try {
            Files.createDirectories(outputDir);
            temporary = Files.createTempFile(outputDir, "." + fileName, ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                zip(contents, new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER));
                channel.force(true);
            }
            move(temporary, target);
            return target;
        } catch (IOException e) {
            ModelPackageException failure = new ModelPackageException(PackageProblem.IO_ERROR, null,
                    "cannot write " + target + ": " + e, e);
            deleteQuietly(temporary, failure);
            throw failure;
        }
    }

    private void zip(FolderContents contents, OutputStream out) throws IOException {
        long done = 0;
        long total = contents.totalBytes();
        byte[] buffer = new byte[BUFFER];
        ZipOutputStream zip = new ZipOutputStream(out);
        for (FolderContents.File file : contents.files()) {
            ZipEntry entry = new ZipEntry(file.entryName());
            entry.setTimeLocal(ENTRY_TIME);
            zip.putNextEntry(entry);
            try (InputStream in = Files.newInputStream(file.path())) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    zip.write(buffer, 0, n);
                    done += n;
                    progress.progress(Math.min(done, total), total);
                }
            }
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
        progress.progress(total, total);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path file, Exception failure) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
