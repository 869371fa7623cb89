package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.modelgate.security.keys.internal.FileKeyProvider;
import org.modelgate.spi.KeyException;

/**
 * Feature: a model file encrypted at rest decrypts to exactly what was encrypted, and any change to it (its
 * header, a segment, their order, its length) or the wrong key is refused with a clear error, never with
 * wrong bytes. Uses the real file key provider of the security bundle.
 */
class EncryptedModelFileTest {
    private static final int SEGMENT = 64;

    @TempDir
    Path work;
    private FileKeyProvider deviceKey;
    private byte[] model;
    private Path encrypted;

    @BeforeEach
    void givenADeviceKey() {
        deviceKey = new FileKeyProvider(work.resolve("etc/keys/device.key"));
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 5 * SEGMENT, 1000 })
    void aFileOfAnySizeDecryptsToExactlyItsBytes(int size) throws Exception {
        givenAModelFileEncrypted(size, SEGMENT);

        ByteBuffer decrypted = whenDecrypted();

        assertThat(decrypted.isDirect()).as("off the heap").isTrue();
        assertThat(bytes(decrypted)).isEqualTo(model);
        long segments = Math.max(1, (size + SEGMENT - 1) / SEGMENT);
        EncryptionHeader header = EncryptedModelFile.header(encrypted);
        assertThat(Files.size(encrypted)).isEqualTo(header.encodedLength() + size + segments * 16);
        assertThat(header.keyId()).isEqualTo(deviceKey.keyId()).startsWith("file-");
        assertThat(EncryptedModelFile.isEncrypted(encrypted)).isTrue();
    }

    @Test
    void aLargeFileInMebibyteSegmentsRoundTripsAndNoPlaintextRunIsInTheCiphertext() throws Exception {
        givenAModelFileEncrypted((5 << 20) / 2 + 17, EncryptionHeader.DEFAULT_SEGMENT);

        assertThat(bytes(whenDecrypted())).isEqualTo(model);
        byte[] onDisk = Files.readAllBytes(encrypted);
        assertThat(indexOf(onDisk, Arrays.copyOfRange(model, 1000, 1016))).as("a 16-byte run of the model").isNegative();
    }

    @Test
    void encryptingTheSameFileTwiceGivesDifferentCiphertexts() throws Exception {
        givenAModelFileEncrypted(300, SEGMENT);
        byte[] first = Files.readAllBytes(encrypted);
        Path second = work.resolve("again.enc");
        EncryptedModelFile.encrypt(work.resolve("model.onnx"), second, deviceKey, DurableFiles.SYSTEM, SEGMENT);

        assertThat(Files.readAllBytes(second)).hasSameSizeAs(first).isNotEqualTo(first);
        assertThat(bytes(EncryptedModelFile.decrypt(second, deviceKey))).isEqualTo(model);
    }

    @Test
    void aPlainFileIsNotTakenForAnEncryptedOne() throws Exception {
        Path plain = Files.write(work.resolve("plain.onnx"), new byte[] { 8, 7, 18, 4, 't', 'e', 's', 't', 0, 0 });
        Path tiny = Files.write(work.resolve("tiny.onnx"), new byte[] { (byte) 0x89, 'M' });

        assertThat(EncryptedModelFile.isEncrypted(plain)).isFalse();
        assertThat(EncryptedModelFile.isEncrypted(tiny)).isFalse();
        assertThatThrownBy(() -> EncryptedModelFile.decrypt(plain, deviceKey)).isInstanceOf(EncryptedFileException.class)
                .hasMessageContaining("not an encrypted model file");
    }

    // ---- the header ----

    @Test
    void aChangedMagicIsNotAnEncryptedFile() throws Exception {
        givenAModelFileEncrypted(200, SEGMENT);
        whenByteFlipped(3);
        thenDecryptionFails().hasMessageContaining("not an encrypted model file");
    }

    @Test
    void anUnknownFormatVersionSaysToUpdateTheGateway() throws Exception {
        givenAModelFileEncrypted(200, SEGMENT);
        whenByteSet(8, 2);
        thenDecryptionFails().hasMessageContaining("format version 2").hasMessageContaining("update the gateway");
    }

    @Test
    void aChangedSegmentSizeIsRefused() throws Exception {
        givenAModelFileEncrypted(200, SEGMENT);
        whenByteSet(12, SEGMENT + 16); // segment size 64 -> 80: same file, other segmentation
        thenDecryptionFails().isInstanceOf(EncryptedFileException.class);
        whenByteSet(9, 0x7f); // absurd size: refused before anything is allocated
        thenDecryptionFails().hasMessageContaining("damaged encryption header");
    }

    @Test
    void aChangedPlaintextLengthIsCaughtAsATruncation() throws Exception {
        givenAModelFileEncrypted(200, SEGMENT);
        whenByteSet(20, 199);
        thenDecryptionFails().hasMessageContaining("appended to or its header changed");
    }

    @Test
    void aChangedNoncePrefixFailsAuthentication() throws Exception {
        givenAModelFileEncrypted(200, SEGMENT);
        whenByteFlipped(21);
        thenDecryptionFails().hasMessageContaining("segment 1 of 4").hasMessageContaining("does not authenticate");
    }

    @Test
    void aChangedKeyIdNamesAKeyThisGatewayDoesNotHold() throws Exception {
        givenAModelFileEncrypted(200, SEGMENT);
        whenByteFlipped(29 + 6); // inside "file-<hex>"
        thenDecryptionFails().isInstanceOf(KeyException.class)
                .satisfies(e -> assertThat(((KeyException) e).reason()).isEqualTo(KeyException.Reason.UNKNOWN_KEY))
                .hasMessageContaining(deviceKey.keyId());
    }

    @Test
    void aChangedWrappedKeyDoesNotUnwrap() throws Exception {
        givenAModelFileEncrypted(200, SEGMENT);
        EncryptionHeader header = EncryptedModelFile.header(encrypted);
        whenByteFlipped(header.encodedLength() - 5);
        thenDecryptionFails().isInstanceOf(KeyException.class)
                .satisfies(e -> assertThat(((KeyException) e).reason()).isEqualTo(KeyException.Reason.TAMPERED))
                .hasMessageContaining("header was changed");
    }

    // ---- the segments ----

    @Test
    void aFlippedByteInAMiddleSegmentNamesThatSegment() throws Exception {
        givenAModelFileEncrypted(5 * SEGMENT, SEGMENT);
        whenByteFlipped(segmentStart(2) + 10);
        thenDecryptionFails().hasMessageContaining("segment 3 of 5").hasMessageContaining("model bytes 128 to 192");
    }

    @Test
    void aFlippedTagByteOfTheLastSegmentIsRefused() throws Exception {
        givenAModelFileEncrypted(5 * SEGMENT + 7, SEGMENT);
        whenByteFlipped(Files.size(encrypted) - 1);
        thenDecryptionFails().hasMessageContaining("segment 6 of 6");
    }

    @Test
    void aTruncatedLastSegmentIsRefused() throws Exception {
        givenAModelFileEncrypted(5 * SEGMENT + 7, SEGMENT);
        whenTruncatedBy(3);
        thenDecryptionFails().hasMessageContaining("truncated");
    }

    @Test
    void aFileCutAtASegmentBoundaryIsRefusedEvenWithItsLengthFixedUp() throws Exception {
        givenAModelFileEncrypted(5 * SEGMENT, SEGMENT);
        whenTruncatedBy(SEGMENT + 16);
        thenDecryptionFails().hasMessageContaining("truncated");

        whenByteSet(20, 4 * SEGMENT); // the header now describes four segments, the last of which was not the last
        thenDecryptionFails().hasMessageContaining("segment 1 of 4").hasMessageContaining("does not authenticate");
    }

    @Test
    void swappedSegmentsAreRefused() throws Exception {
        givenAModelFileEncrypted(5 * SEGMENT, SEGMENT);
        byte[] file = Files.readAllBytes(encrypted);
        int length = SEGMENT + 16;
        byte[] second = Arrays.copyOfRange(file, (int) segmentStart(1), (int) segmentStart(1) + length);
        System.arraycopy(file, (int) segmentStart(2), file, (int) segmentStart(1), length);
        System.arraycopy(second, 0, file, (int) segmentStart(2), length);
        Files.write(encrypted, file);

        thenDecryptionFails().hasMessageContaining("segment 2 of 5");
    }

    @Test
    void aSegmentFromAnotherFileUnderTheSameDeviceKeyIsRefused() throws Exception {
        givenAModelFileEncrypted(5 * SEGMENT, SEGMENT);
        Path other = work.resolve("other.enc");
        EncryptedModelFile.encrypt(work.resolve("model.onnx"), other, deviceKey, DurableFiles.SYSTEM, SEGMENT);
        byte[] file = Files.readAllBytes(encrypted);
        byte[] foreign = Files.readAllBytes(other);
        System.arraycopy(foreign, (int) segmentStart(3), file, (int) segmentStart(3), SEGMENT + 16);
        Files.write(encrypted, file);

        thenDecryptionFails().hasMessageContaining("segment 4 of 5");
    }

    @Test
    void bytesAppendedAreRefused() throws Exception {
        givenAModelFileEncrypted(200, SEGMENT);
        Files.write(encrypted, new byte[] { 1 }, java.nio.file.StandardOpenOption.APPEND);
        thenDecryptionFails().hasMessageContaining("appended to");
    }

    // ---- keys ----

    @Test
    void anotherDevicesKeyCannotDecryptAndSaysWhichKeyIsNeeded() throws Exception {
        givenAModelFileEncrypted(200, SEGMENT);
        FileKeyProvider otherDevice = new FileKeyProvider(work.resolve("other-device/device.key"));
        otherDevice.keyId(); // its key exists

        assertThatThrownBy(() -> EncryptedModelFile.decrypt(encrypted, otherDevice)).isInstanceOf(KeyException.class)
                .satisfies(e -> assertThat(((KeyException) e).reason()).isEqualTo(KeyException.Reason.UNKNOWN_KEY))
                .hasMessageContaining("encrypted under key " + deviceKey.keyId())
                .hasMessageContaining("is " + otherDevice.keyId());
    }

    @Test
    void aLostKeyFileIsUnavailableNotANewKey() throws Exception {
        givenAModelFileEncrypted(200, SEGMENT);
        Path keyFile = work.resolve("etc/keys/device.key");
        Files.delete(keyFile);

        assertThatThrownBy(() -> EncryptedModelFile.decrypt(encrypted, new FileKeyProvider(keyFile)))
                .isInstanceOf(KeyException.class).hasMessageContaining("missing").hasMessageContaining("backup");
        assertThat(keyFile).doesNotExist();
    }

    // ---- steps ----

    private void givenAModelFileEncrypted(int size, int segment) throws Exception {
        model = new byte[size];
        new Random(size).nextBytes(model);
        Path source = Files.write(work.resolve("model.onnx"), model);
        encrypted = work.resolve("model.onnx.enc");
        Files.deleteIfExists(encrypted);
        String keyId = EncryptedModelFile.encrypt(source, encrypted, deviceKey, DurableFiles.SYSTEM, segment);
        assertThat(keyId).isEqualTo(deviceKey.keyId());
    }

    private ByteBuffer whenDecrypted() throws Exception {
        return EncryptedModelFile.decrypt(encrypted, deviceKey);
    }

    private void whenByteFlipped(long position) throws Exception {
        byte[] file = Files.readAllBytes(encrypted);
        file[(int) position] ^= 0x01;
        Files.write(encrypted, file);
    }

    private void whenByteSet(long position, int value) throws Exception {
        byte[] file = Files.readAllBytes(encrypted);
        file[(int) position] = (byte) value;
        Files.write(encrypted, file);
    }

    private void whenTruncatedBy(int bytes) throws Exception {
        byte[] file = Files.readAllBytes(encrypted);
        Files.write(encrypted, Arrays.copyOf(file, file.length - bytes));
    }

    private AbstractThrowableAssert<?, ? extends Throwable> thenDecryptionFails() {
        return assertThatThrownBy(this::whenDecrypted).isNotNull();
    }

    private long segmentStart(int index) throws Exception {
        return EncryptedModelFile.header(encrypted).encodedLength() + (long) index * (SEGMENT + 16);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
