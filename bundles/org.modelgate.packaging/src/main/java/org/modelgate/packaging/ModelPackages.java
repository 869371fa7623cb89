package org.modelgate.packaging;

import java.nio.file.Path;
import java.util.Objects;

import org.modelgate.packaging.internal.PackageReader;
import org.modelgate.packaging.internal.PackageWriter;
import org.modelgate.security.SigningCertificate;
import org.modelgate.security.SigningKey;
import org.modelgate.security.TrustStore;

/**
 * Entry point: reads (extracts and verifies) and writes (signs and zips) {@code NAME-VERSION.mgp}
 * model packages.
 *
 * <pre>
 * Path mgp = ModelPackages.pack(Path.of("build/iris"), SigningKey.fromPemFile(key), Path.of("dist"), ProgressListener.NONE);
 * UnpackedModel model = ModelPackages.unpack(mgp, Path.of("models/.staging/iris-1.0.0"), TrustStore.load(trustDir));
 * </pre>
 *
 * <p>A package is a zip of regular files only: {@code model.json}, the model files (subfolders
 * allowed) and {@code model.sig}, an OpenSSF Model Signing v1.0 signature over all the others.
 */
public final class ModelPackages {
    /** The file name extension of a model package. */
    public static final String EXTENSION = ".mgp";
    /** The model descriptor, at the top of a package. */
    public static final String MODEL_JSON = "model.json";

    private ModelPackages() {
    }

    /**
     * Returns the file name of a package: {@code NAME-VERSION.mgp}.
     *
     * @param name the model name
     * @param version the model version
     * @return e.g. {@code iris-1.0.0.mgp}
     */
    public static String fileName(String name, String version) {
        return name + "-" + version + EXTENSION;
    }

    /**
     * Extracts a package into a new staging folder and verifies it, with {@link UnpackLimits#DEFAULTS}.
     *
     * @param mgpFile the package
     * @param stagingDir a folder that does not exist yet (its parent must); created here
     * @param trust the keys that may sign models
     * @return the verified model in {@code stagingDir}
     * @throws ModelPackageException when the package is refused; {@code stagingDir} does not exist then
     */
    public static UnpackedModel unpack(Path mgpFile, Path stagingDir, TrustStore trust) throws ModelPackageException {
        return unpack(mgpFile, stagingDir, trust, UnpackLimits.DEFAULTS);
    }

    /**
     * Extracts a package into a new staging folder and verifies it.
     *
     * <p>Checks, in order: the file name, the zip's central directory (entry count, names, duplicates,
     * links, encryption), then each entry while it inflates (sizes, compression ratio, CRC), then
     * {@code model.json} against the file name, then the signature against {@code trust}. Every
     * file is flushed to disk ({@code force}) before the signature check.
     *
     * @param mgpFile the package
     * @param stagingDir a folder that does not exist yet (its parent must); created here
     * @param trust the keys that may sign models
     * @param limits the limits on entries and sizes
     * @return the verified model in {@code stagingDir}
     * @throws ModelPackageException when the package is refused; {@code stagingDir} does not exist then
     */
    public static UnpackedModel unpack(Path mgpFile, Path stagingDir, TrustStore trust, UnpackLimits limits)
            throws ModelPackageException {
        Objects.requireNonNull(mgpFile, "mgpFile");
        Objects.requireNonNull(stagingDir, "stagingDir");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(limits, "limits");
        return new PackageReader(limits).unpack(mgpFile, stagingDir, trust);
    }

    /**
     * Signs a model folder (writes {@code model.sig} into it) and zips it into {@code NAME-VERSION.mgp}.
     *
     * <p>Name and version come from the folder's {@code model.json}. The zip is deterministic: entries
     * sorted by path, no directory entries, fixed timestamps, so packing the same folder with the
     * same key and JDK twice gives the same bytes (ECDSA signatures are randomized, but an unchanged
     * {@code model.sig} is kept as is). The file appears whole or not at all (written to a temporary
     * name, then renamed).
     *
     * @param modelFolder the folder holding {@code model.json} and the model files, no links
     * @param key the signing key
     * @param outputDir where to write the package; created when missing
     * @param progress told of the bytes zipped so far
     * @return the written package
     * @throws ModelPackageException when {@code model.json} is missing or invalid, signing fails, or writing fails
     */
    public static Path pack(Path modelFolder, SigningKey key, Path outputDir, ProgressListener progress)
            throws ModelPackageException {
        Objects.requireNonNull(modelFolder, "modelFolder");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(progress, "progress");
        return new PackageWriter(key, progress).pack(modelFolder, outputDir);
    }

    /**
     * Signs a model folder with a key and its certificate, then writes it as a package: {@code model.sig} carries
     * the certificate and its chain (model_signing's certificate method) and verifies on gateways whose trust store
     * holds the chain's CA under {@code model-ca/}. The folder is always signed afresh.
     *
     * <pre>
     * SigningCertificate cert = SigningCertificate.fromPemFiles(Path.of("signer.pem"), Path.of("chain.pem"));
     * ModelPackages.pack(Path.of("build/iris"), SigningKey.fromPemFile(Path.of("signer.key.pem")), cert, Path.of("dist"), p -&gt; { });
     * </pre>
     *
     * @param modelFolder the folder holding {@code model.json} and the model files, no links
     * @param key the signing key
     * @param certificate the key's certificate and the intermediates
     * @param outputDir where to write the package; created when missing
     * @param progress told of the bytes zipped so far
     * @return the written package
     * @throws ModelPackageException when {@code model.json} is missing or invalid, the certificate is not the key's,
     *         signing fails, or writing fails
     * @since 1.1
     */
    public static Path pack(Path modelFolder, SigningKey key, SigningCertificate certificate, Path outputDir,
            ProgressListener progress) throws ModelPackageException {
        Objects.requireNonNull(modelFolder, "modelFolder");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(progress, "progress");
        return new PackageWriter(key, certificate, progress).pack(modelFolder, outputDir);
    }
}
