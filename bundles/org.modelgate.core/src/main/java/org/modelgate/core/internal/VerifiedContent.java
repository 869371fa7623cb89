package org.modelgate.core.internal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * A version's signature checked before anything loads it. A model file encrypted at rest is decrypted into memory
 * first and those bytes are what is checked, so the bytes a backend is given are the bytes that were verified.
 */
final class VerifiedContent {
    private final TrustGate trust;
    private final AtRestEncryption encryption;

    VerifiedContent(TrustGate trust, AtRestEncryption encryption) {
        this.trust = trust;
        this.encryption = encryption;
    }

    /**
     * @return the decrypted model file (the caller discards it with {@link EncryptedModelFile#discard}), or null when
     *         it is not encrypted
     * @throws AtRestEncryption.NoKeyProviderException when it is encrypted and no key provider is present
     * @throws org.modelgate.api.ModelLoadException when the signature does not verify or the file cannot be decrypted
     */
    ByteBuffer of(ModelRepository repository, ModelDescriptor descriptor) {
        String what = "model '" + descriptor.name() + "' " + descriptor.version();
        Path folder = repository.modelDirectory(descriptor.name()).resolve(descriptor.version().toString());
        if (!encryption.isEncrypted(descriptor.modelFile(), what)) {
            trust.check(folder, what);
            return null;
        }
        ByteBuffer decrypted = encryption.decrypt(descriptor.modelFile(), what);
        try {
            trust.check(folder, Map.of(signedName(folder, descriptor.modelFile()), decrypted.asReadOnlyBuffer()), what);
            return decrypted;
        } catch (RuntimeException e) {
            EncryptedModelFile.discard(decrypted);
            throw e;
        }
    }

    /** A file's name as a signature lists it: relative to the version folder, '/'-separated. */
    private static String signedName(Path folder, Path file) {
        Path relative = folder.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
        StringBuilder name = new StringBuilder();
        for (Path part : relative) {
            name.append(name.length() == 0 ? "" : "/").append(part);
        }
        return name.toString();
    }
}
