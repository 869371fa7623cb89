package org.modelgate.packaging.internal;

import java.nio.file.Path;

import org.modelgate.api.ModelLoadException;
import org.modelgate.packaging.ModelPackageException;
import org.modelgate.packaging.ModelPackages;
import org.modelgate.security.TrustStore;
import org.modelgate.security.TrustStoreException;
import org.modelgate.spi.ModelPackageReader;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * Lets the registry install {@code NAME-VERSION.mgp} packages: unpacked safely and verified against the
 * gateway's trust store (the same configuration, PID {@code org.modelgate.security.trust}, as the
 * security bundle's model trust).
 */
@Component(configurationPid = "org.modelgate.security.trust", configurationPolicy = ConfigurationPolicy.REQUIRE)
public class VerifiedPackageReader implements ModelPackageReader {
    /** The trust store folder, as the security bundle's configuration gives it. */
    public @interface Config {
        String trustStore();
    }

    private final Path store;

    @Activate
    public VerifiedPackageReader(Config config) {
        this.store = Path.of(config.trustStore());
    }

    @Override
    public boolean accepts(Path packageFile) {
        return packageFile.getFileName().toString().endsWith(ModelPackages.EXTENSION);
    }

    @Override
    public Path unpack(Path packageFile, Path stagingDir) {
        try {
            return ModelPackages.unpack(packageFile, stagingDir, TrustStore.load(store)).folder();
        } catch (ModelPackageException e) {
            throw new ModelLoadException("package " + packageFile.getFileName() + " refused (" + e.problem().code() + "): "
                    + e.getMessage(), e);
        } catch (TrustStoreException e) {
            throw new ModelLoadException("the trust store " + store + " cannot be read, so no package can be verified: "
                    + e.getMessage(), e);
        }
    }
}
