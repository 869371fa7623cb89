package org.modelgate.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.modelgate.api.ModelLoadException;
import org.modelgate.spi.KeyException;
import org.modelgate.spi.KeyProvider;

/**
 * Model files at rest: which installs are encrypted ({@code encryptAtRest} and whether a {@link KeyProvider} is
 * present), and decryption into memory before a load. A version's file is encrypted or not from its install on;
 * what a load does depends on the file alone, so switching {@code encryptAtRest} never strands a version.
 */
final class AtRestEncryption {
    private volatile KeyProvider keys;
    private volatile EncryptAtRest mode = EncryptAtRest.AUTO;
    /** Plaintext bytes per segment of the files written; tests use small ones to get many segments. */
    volatile int segmentSize = EncryptionHeader.DEFAULT_SEGMENT;

    /** No key provider is present, so an encrypted version waits for one (state UNAVAILABLE). */
    static final class NoKeyProviderException extends ModelLoadException {
        private static final long serialVersionUID = 1L;

        NoKeyProviderException(String message) {
            super(message);
        }
    }

    void use(KeyProvider provider) {
        this.keys = provider;
    }

    void forget(KeyProvider provider) {
        if (this.keys == provider) {
            this.keys = null;
        }
    }

    void configure(EncryptAtRest encryptAtRest) {
        this.mode = encryptAtRest;
    }

    /**
     * The key provider to encrypt a new install with, or null to install in plaintext.
     *
     * @throws ModelLoadException when encryption is required and no key provider is present
     */
    KeyProvider forInstall(String what) {
        KeyProvider current = keys;
        if (mode == EncryptAtRest.OFF) {
            return null;
        }
        if (current == null && mode == EncryptAtRest.REQUIRED) {
            throw new ModelLoadException(what + " is not installed: encryptAtRest is REQUIRED (PID " + RegistryConfig.PID
                    + ") but no KeyProvider is present; configure the device key (PID org.modelgate.security.keys, in the "
                    + "trust feature) or a vendor key provider");
        }
        return current;
    }

    /** Writes a file of a version being installed, encrypted under a fresh data key that the provider wraps. */
    DurableFiles.ContentWriter encrypter(KeyProvider provider) {
        int segment = segmentSize;
        return (source, target, files) -> EncryptedModelFile.encrypt(source, target, provider, files, segment);
    }

    /** Whether a model file is encrypted at rest; a missing file is not (the backend says it is missing). */
    boolean isEncrypted(Path modelFile, String what) {
        try {
            return EncryptedModelFile.isEncrypted(modelFile);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new ModelLoadException(what + ": model file " + modelFile + " cannot be read: " + e, e);
        }
    }

    /**
     * Decrypts a model file into a new direct buffer; the caller {@linkplain EncryptedModelFile#discard discards} it.
     *
     * @throws NoKeyProviderException when no key provider is present
     * @throws ModelLoadException when the file or the key is wrong, naming which
     */
    ByteBuffer decrypt(Path modelFile, String what) {
        KeyProvider current = keys;
        String keyId;
        try {
            keyId = EncryptedModelFile.header(modelFile).keyId();
        } catch (IOException e) {
            throw new ModelLoadException(what + " cannot be decrypted: " + e.getMessage(), e);
        }
        if (current == null) {
            throw new NoKeyProviderException(what + " is encrypted at rest under key " + keyId + ", and no KeyProvider is "
                    + "present to decrypt it; it loads once one is (the device key: PID org.modelgate.security.keys, in the "
                    + "trust feature)");
        }
        try {
            return EncryptedModelFile.decrypt(modelFile, current);
        } catch (KeyException e) {
            throw new ModelLoadException(what + ", encrypted under key " + keyId + ", cannot be decrypted (" + e.reason()
                    + "): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelLoadException(what + " cannot be decrypted: " + e.getMessage(), e);
        }
    }
}
