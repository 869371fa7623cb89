package org.modelgate.security.internal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.modelgate.api.ModelLoadException;
import org.modelgate.security.ModelSignatureException;
import org.modelgate.security.ModelSignatures;
import org.modelgate.security.TrustStore;
import org.modelgate.security.TrustStoreException;
import org.modelgate.security.VerificationPolicy;
import org.modelgate.security.VerifiedModel;
import org.modelgate.spi.ModelTrust;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The gateway's {@link ModelTrust}: verifies model folders against the trust store in {@code trustStore}.
 * The store is read again at every verification, so added, rotated and revoked keys count at once. Files
 * encrypted at rest are verified from their decrypted content, which the core hands over.
 */
@Component(configurationPid = TrustedModels.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TrustedModels.Config.class)
public class TrustedModels implements ModelTrust {
    static final String PID = "org.modelgate.security.trust";

    /** Where the trusted keys are. */
    @ObjectClassDefinition(name = "Modelgate model trust", description = "Which keys may sign the models this gateway runs.")
    public @interface Config {
        @AttributeDefinition(description = "Trust store folder: model-signer/*.pem and bundle-signer/*.pem public keys, "
                + "revoked.txt (see the security bundle's README).")
        String trustStore();

        @AttributeDefinition(description = "Files a model version folder may hold without the signature covering them,"
                + " as paths relative to the version folder; a folder name allows everything under it (e.g. README.md,"
                + " .git). Never the file model.json names, which must be signed. Default: none.")
        String[] allowUnsigned() default {};
    }

    private final Path store;
    private final VerificationPolicy policy;

    @Activate
    public TrustedModels(Config config) {
        this.store = Path.of(config.trustStore());
        this.policy = new VerificationPolicy(config.allowUnsigned() == null ? List.of() : List.of(config.allowUnsigned()));
    }

    @Override
    public String verify(Path versionFolder) {
        return verify(versionFolder, Map.of());
    }

    @Override
    public String verify(Path versionFolder, Map<String, ByteBuffer> contents) {
        TrustStore trust;
        try {
            trust = TrustStore.load(store);
        } catch (TrustStoreException e) {
            throw new ModelLoadException("the trust store " + store + " cannot be read, so no model can be verified: "
                    + e.getMessage(), e);
        }
        try {
            VerifiedModel verified = ModelSignatures.verifier(trust, policy).verify(versionFolder, contents);
            return verified.signedBy();
        } catch (ModelSignatureException e) {
            throw new ModelLoadException("the signature of " + versionFolder + " does not verify: " + e.getMessage(), e);
        }
    }
}
