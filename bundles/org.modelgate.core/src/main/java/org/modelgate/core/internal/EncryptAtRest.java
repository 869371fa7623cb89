package org.modelgate.core.internal;

/** Whether the registry encrypts the model files it installs (property {@code encryptAtRest}). */
enum EncryptAtRest {
    /** Encrypt when a {@link org.modelgate.spi.KeyProvider} is present, install in plaintext when none is. */
    AUTO,
    /** Encrypt; refuse to install while no {@link org.modelgate.spi.KeyProvider} is present. */
    REQUIRED,
    /** Install in plaintext. Versions installed encrypted before still load, with the key. */
    OFF
}
