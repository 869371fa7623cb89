package org.modelgate.spi;

import java.nio.file.Path;

import org.modelgate.api.ModelLoadException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns a model package file (such as {@code NAME-VERSION.mgp}) into a verified version folder that the
 * registry can install. The packaging bundle provides one once a trust store is configured.
 */
@ConsumerType
public interface ModelPackageReader {
    /**
     * Whether this reader takes the file (by its name, e.g. the {@code .mgp} extension).
     *
     * @param packageFile the file
     * @return true when {@link #unpack} should be tried
     */
    boolean accepts(Path packageFile);

    /**
     * Unpacks and verifies a package into a new staging folder.
     *
     * @param packageFile the package
     * @param stagingDir a folder that does not exist yet; removed again on any refusal
     * @return the unpacked version folder (model.json, files, signature)
     * @throws ModelLoadException naming why the package is refused (unsigned, tampered, traversal, zip bomb, ...)
     */
    Path unpack(Path packageFile, Path stagingDir);
}
