package org.modelgate.security.keys.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Random;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.spi.KeyException;
import org.modelgate.spi.KeyException.Reason;

/**
 * Feature: the device key in a file. Made on first use with owner-only permissions, the same key (and key
 * id) at every start, refused with what to do when the file is open to others or of the wrong size, and
 * never replaced; it unwraps only what it wrapped.
 */
class FileKeyProviderTest {
    @TempDir
    Path home;

    private Path keyFile;
    private FileKeyProvider provider;

    @Test
    void firstUseMakesA32ByteOwnerOnlyKeyInAnOwnerOnlyFolder() throws Exception {
        givenNoKeyFileYet();

        String keyId = provider.keyId();

        assertThat(keyId).matches("file-[0-9a-f]{16}");
        assertThat(keyFile).exists().hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent()))).isEqualTo("rwx------");
        assertThat(keyFile.resolveSibling("device.key.tmp")).doesNotExist();
        assertThat(Files.readAllBytes(keyFile)).as("random, not zeros").isNotEqualTo(new byte[32]);
    }

    @Test
    void theKeyIsKeptAcrossRestartsAndUnwrapsWhatWasWrappedBefore() throws Exception {
        givenNoKeyFileYet();
        byte[] dataKey = dataKey(1);
        byte[] wrapped = provider.wrap(dataKey);
        String keyId = provider.keyId();

        FileKeyProvider afterRestart = new FileKeyProvider(keyFile);

        assertThat(afterRestart.keyId()).isEqualTo(keyId);
        assertThat(afterRestart.unwrap(keyId, wrapped)).isEqualTo(dataKey);
        assertThat(wrapped).hasSize(60);
        assertThat(new String(wrapped, StandardCharsets.ISO_8859_1)).as("the data key does not show in its wrapped form")
                .doesNotContain(new String(dataKey, 0, 8, StandardCharsets.ISO_8859_1));
    }

    @Test
    void twoDevicesHaveDifferentKeysAndNeitherUnwrapsTheOthers() throws Exception {
        givenNoKeyFileYet();
        FileKeyProvider other = new FileKeyProvider(home.resolve("other/device.key"));
        byte[] wrapped = provider.wrap(dataKey(2));

        assertThat(other.keyId()).isNotEqualTo(provider.keyId());
        thenRefused(() -> other.unwrap(provider.keyId(), wrapped), Reason.UNKNOWN_KEY)
                .hasMessageContaining("encrypted under key " + provider.keyId())
                .hasMessageContaining("device key (" + other.toString().replace("device key file ", "") + ") is " + other.keyId());
    }

    @Test
    void aChangedWrappedKeyIsTampered() throws Exception {
        givenNoKeyFileYet();
        byte[] wrapped = provider.wrap(dataKey(3));
        for (int i : new int[] { 0, 20, 59 }) {
            byte[] changed = wrapped.clone();
            changed[i] ^= 0x40;
            thenRefused(() -> provider.unwrap(provider.keyId(), changed), Reason.TAMPERED).hasMessageContaining("changed");
        }
        thenRefused(() -> provider.unwrap(provider.keyId(), Arrays.copyOf(wrapped, 59)), Reason.TAMPERED)
                .hasMessageContaining("59 bytes");
    }

    @Test
    void aKeyFileReadableByGroupOrOthersIsRefusedAndLeftAlone() throws Exception {
        byte[] key = givenAKeyFile(32, "rw-r-----");

        thenRefused(() -> provider.keyId(), Reason.UNAVAILABLE).hasMessageContaining("group or others (rw-r-----)")
                .hasMessageContaining("chmod 600 " + keyFile);

        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-----w-"));
        thenRefused(() -> provider.wrap(dataKey(4)), Reason.UNAVAILABLE).hasMessageContaining("rw-----w-");
        assertThat(Files.readAllBytes(keyFile)).isEqualTo(key);

        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("r--------"));
        assertThat(provider.keyId()).as("read-only for the owner is fine").isEqualTo(DeviceKey.idOf(key));
    }

    @Test
    void aKeyFileOfTheWrongSizeIsRefusedAndNeverReplaced() throws Exception {
        for (int size : new int[] { 0, 31, 33, 64 }) {
            byte[] content = givenAKeyFile(size, "rw-------");

            thenRefused(() -> provider.keyId(), Reason.UNAVAILABLE).hasMessageContaining("holds " + size + " bytes")
                    .hasMessageContaining("exactly 32").hasMessageContaining("restore it from your backup");
            thenRefused(() -> provider.unwrap("file-0000000000000000", new byte[60]), Reason.UNAVAILABLE);
            assertThat(Files.readAllBytes(keyFile)).isEqualTo(content);
        }
    }

    @Test
    void aMissingKeyFileIsUnavailableForDecryptingAndNotCreatedThen() throws Exception {
        givenNoKeyFileYet();

        thenRefused(() -> provider.unwrap("file-0123456789abcdef", new byte[60]), Reason.UNAVAILABLE)
                .hasMessageContaining("is missing").hasMessageContaining("backup");
        assertThat(keyFile).doesNotExist();
    }

    @Test
    void aKeyThatCannotBeCreatedSaysWhere() throws Exception {
        Files.writeString(home.resolve("etc"), "a file where the keys folder should be");
        keyFile = home.resolve("etc/keys/device.key");
        provider = new FileKeyProvider(keyFile);

        thenRefused(() -> provider.keyId(), Reason.UNAVAILABLE).hasMessageContaining("cannot create the device key file "
                + keyFile).hasMessageContaining("keyFile (PID org.modelgate.security.keys)");
    }

    @Test
    void aTemporaryFileLeftByACrashIsNotTakenForTheKey() throws Exception {
        givenNoKeyFileYet();
        Files.createDirectories(keyFile.getParent());
        Files.write(keyFile.resolveSibling("device.key.tmp"), new byte[32]);

        String keyId = provider.keyId();

        assertThat(keyId).isNotEqualTo(DeviceKey.idOf(new byte[32]));
        assertThat(keyFile.resolveSibling("device.key.tmp")).doesNotExist();
    }

    private void givenNoKeyFileYet() {
        keyFile = home.resolve("etc/keys/device.key");
        provider = new FileKeyProvider(keyFile);
    }

    private byte[] givenAKeyFile(int size, String permissions) throws Exception {
        keyFile = home.resolve("etc/keys/device.key");
        Files.createDirectories(keyFile.getParent());
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        Files.write(keyFile, content);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString(permissions));
        provider = new FileKeyProvider(keyFile);
        return content;
    }

    private static byte[] dataKey(int seed) {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        return key;
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> thenRefused(Runnable call, Reason reason) {
        return assertThatThrownBy(call::run).isInstanceOf(KeyException.class)
                .satisfies(e -> assertThat(((KeyException) e).reason()).isEqualTo(reason));
    }
}
