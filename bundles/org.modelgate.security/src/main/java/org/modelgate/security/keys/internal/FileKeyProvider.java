package org.modelgate.security.keys.internal;

import java.nio.file.Path;
import java.security.SecureRandom;

import org.modelgate.spi.KeyException;
import org.modelgate.spi.KeyProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The default {@link KeyProvider}: one AES-256 device key in a file ({@code keyFile}), made with
 * {@link SecureRandom} the first time a model is encrypted. The key is read once and kept in memory; a key
 * file that is missing, of the wrong size, or open to group or others is refused with what to do about it.
 *
 * <p>A file on the same disk as the models protects them from someone who copies the models folder or a
 * model file, not from someone who reads the whole disk: a TPM- or HSM-backed provider (a vendor bundle
 * registering its own {@link KeyProvider} with a higher {@code service.ranking}) does that.
 */
@Component(configurationPid = FileKeyProvider.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = FileKeyProvider.Config.class)
public class FileKeyProvider implements KeyProvider {
    static final String PID = "org.modelgate.security.keys";

    /** Where the device key is. */
    @ObjectClassDefinition(name = "Modelgate device key (file)",
            description = "The key models are encrypted under at rest, kept in a file readable by the gateway's user only.")
    public @interface Config {
        @AttributeDefinition(description = "The device key file: 32 random bytes, permissions 0600. Created on first use "
                + "when absent (its folder 0700); never replaced. Back it up: models encrypted under it cannot be "
                + "decrypted without it.")
        String keyFile();
    }

    private final DeviceKeyFile file;
    private volatile DeviceKey key;

    /**
     * Starts the provider with its configuration.
     *
     * @param config the key file
     */
    @Activate
    public FileKeyProvider(Config config) {
        this(Path.of(config.keyFile()));
    }

    /**
     * Creates a provider over a key file.
     *
     * @param keyFile the key file; created on first use when absent
     */
    public FileKeyProvider(Path keyFile) {
        this.file = new DeviceKeyFile(keyFile, new SecureRandom());
    }

    @Override
    public String keyId() {
        return keyForEncrypting().id();
    }

    @Override
    public byte[] wrap(byte[] dataKey) {
        return keyForEncrypting().wrap(dataKey);
    }

    @Override
    public byte[] unwrap(String keyId, byte[] wrappedKey) {
        DeviceKey current = key;
        if (current == null) {
            current = remember(file.load());
        }
        if (!current.id().equals(keyId)) {
            throw new KeyException(KeyException.Reason.UNKNOWN_KEY, "the file was encrypted under key " + keyId
                    + ", but this gateway's device key (" + file.path() + ") is " + current.id()
                    + ": it was encrypted on another gateway or under a key since replaced; put that key file in place or "
                    + "install the model again");
        }
        return current.unwrap(wrappedKey);
    }

    private DeviceKey keyForEncrypting() {
        DeviceKey current = key;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            return key != null ? key : remember(file.loadOrCreate());
        }
    }

    private DeviceKey remember(DeviceKey loaded) {
        key = loaded;
        return loaded;
    }

    @Override
    public String toString() {
        return "device key file " + file.path();
    }
}
