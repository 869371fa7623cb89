package org.modelgate.packaging.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.modelgate.packaging.ModelPackageException;
import org.modelgate.packaging.ModelPackages;
import org.modelgate.packaging.PackageProblem;
import org.modelgate.packaging.UnpackLimits;
import org.modelgate.packaging.UnpackedModel;
import org.modelgate.security.ModelSignatureException;
import org.modelgate.security.ModelSignatures;
import org.modelgate.security.TrustStore;
import org.modelgate.security.VerifiedModel;

/**
 * Extracts a package into a fresh staging folder and verifies it; on any refusal the staging
 * folder is removed.
 */
public final class PackageReader {
    private final UnpackLimits limits;

    /**
     * Creates a reader.
     *
     * @param limits the limits to enforce
     */
    public PackageReader(UnpackLimits limits) {
        this.limits = limits;
    }

    /**
     * Unpacks and verifies; see {@link ModelPackages#unpack(Path, Path, TrustStore, UnpackLimits)}.
     *
     * @param mgpFile the package
     * @param stagingDir a folder that does not exist yet
     * @param trust the trusted keys
     * @return the verified model
     * @throws ModelPackageException when refused; the staging folder does not exist then
     */
    public UnpackedModel unpack(Path mgpFile, Path stagingDir, TrustStore trust) throws ModelPackageException {
        String fileName = mgpFile.getFileName() == null ? mgpFile.toString() : mgpFile.getFileName().toString();
        if (!fileName.endsWith(ModelPackages.EXTENSION) || !Files.isRegularFile(mgpFile)) {
            throw new ModelPackageException(PackageProblem.NOT_A_PACKAGE, null,
                    mgpFile + " is not a model package: expected a file named NAME-VERSION.mgp");
        }
        List<CentralDirectory.Entry> directory = readDirectory(mgpFile, fileName);
        PackageLayout.check(directory, fileName);
        Path staging = stagingDir.toAbsolutePath().normalize();
        StagingFolder.create(staging);
        try {
            extract(mgpFile, directory, staging, fileName);
            ModelJson json = ModelJson.read(staging, fileName);
            if (!json.packageFileName().equals(fileName)) {
                throw new ModelPackageException(PackageProblem.NAME_MISMATCH, ModelPackages.MODEL_JSON, fileName
                        + " holds model '" + json.name() + "' version " + json.version() + ", so it must be named "
                        + json.packageFileName() + "; a renamed package is refused");
            }
            VerifiedModel verified = verify(staging, trust, fileName);
            return new UnpackedModel(staging, json.name(), json.version(), verified.digest(), verified.signer(),
                    verified.signedBy());
        } catch (ModelPackageException | RuntimeException | Error e) {
            StagingFolder.delete(staging, e);
            throw e;
        }
    }

    private List<CentralDirectory.Entry> readDirectory(Path mgpFile, String fileName) throws ModelPackageException {
        try (FileChannel channel = FileChannel.open(mgpFile, StandardOpenOption.READ)) {
            return CentralDirectory.read(channel, limits.maxEntries(), fileName);
        } catch (java.io.EOFException e) {
            throw new ModelPackageException(PackageProblem.TRUNCATED, null, fileName + " is truncated; copy it again", e);
        } catch (IOException e) {
            throw new ModelPackageException(PackageProblem.IO_ERROR, null, "cannot read " + fileName + ": " + e, e);
        }
    }

    private void extract(Path mgpFile, List<CentralDirectory.Entry> directory, Path staging, String fileName)
            throws ModelPackageException {
        try (ZipFile zip = new ZipFile(mgpFile.toFile())) {
            List<ZipEntry> entries = new ArrayList<>(Collections.list(zip.entries()));
            List<String> names = new ArrayList<>(entries.size());
            entries.forEach(e -> names.add(e.getName()));
            if (!names.equals(directory.stream().map(CentralDirectory.Entry::name).toList())) {
                throw new ModelPackageException(PackageProblem.CORRUPT, null, fileName
                        + " has a central directory that zip readers disagree on; rebuild it with mg:pack or mgpack");
            }
            EntryExtractor extractor = new EntryExtractor(zip, staging, limits, fileName, Files.size(mgpFile));
            for (ZipEntry entry : entries) {
                extractor.extract(entry);
            }
            StagingFolder.syncDirectories(staging);
        } catch (ZipException e) {
            throw new ModelPackageException(PackageProblem.CORRUPT, null,
                    fileName + " is not a readable zip (" + e.getMessage() + "); copy it again", e);
        } catch (IOException e) {
            throw new ModelPackageException(PackageProblem.IO_ERROR, null,
                    "cannot extract " + fileName + " into " + staging + ": " + e, e);
        }
    }

    private static VerifiedModel verify(Path staging, TrustStore trust, String fileName) throws ModelPackageException {
        try {
            return ModelSignatures.verifier(trust).verify(staging);
        } catch (ModelSignatureException e) {
            throw ModelPackageException.signature(fileName, e);
        }
    }
}
